/*
 * The `cmsgpack` library of Redis's Lua (lua-cmsgpack 0.4 behaviour), written for Ballast:
 * cmsgpack.pack(...) encodes each argument and concatenates them; cmsgpack.unpack(s) decodes
 * every value; unpack_one(s[, offset]) and unpack_limit(s, limit[, offset]) return the next
 * offset (-1 at the end) first.
 *
 * Encoding: integral doubles in the int64 range use the smallest integer form; other numbers
 * are float32 when exact, else float64; strings use fixstr/str8/str16/str32; a table whose keys
 * are exactly 1..n is an array, any other table a map; nesting deeper than 16 tables encodes
 * nil; functions and other values encode nil. Decoding supports what encoding produces plus
 * the other integer and container forms (no bin/ext types).
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#define NESTING_MAX 16

/* A growable byte buffer kept in a userdata at a fixed stack slot, so that encoding may push
 * and pop Lua values freely and an error mid-way leaks nothing. */
typedef struct { lua_State *L; int slot; unsigned char *bytes; size_t length, capacity; } Writer;

static void put(Writer *writer, const unsigned char *bytes, size_t length) {
  if (writer->length + length > writer->capacity) {
    size_t capacity = writer->capacity * 2;
    while (capacity < writer->length + length) capacity *= 2;
    unsigned char *grown = lua_newuserdata(writer->L, capacity);
    memcpy(grown, writer->bytes, writer->length);
    lua_replace(writer->L, writer->slot);
    writer->bytes = grown;
    writer->capacity = capacity;
  }
  memcpy(writer->bytes + writer->length, bytes, length);
  writer->length += length;
}

static void put_big_endian(unsigned char *out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; i--) {
    out[i] = (unsigned char)(value & 0xff);
    value >>= 8;
  }
}

static void encode_header(Writer *writer, uint64_t count, unsigned char fix, unsigned char tag16, unsigned char tag32) {
  unsigned char bytes[5];
  if (count <= 15) {
    bytes[0] = (unsigned char)(fix | count);
    put(writer, bytes, 1);
  } else if (count <= 0xffff) {
    bytes[0] = tag16;
    put_big_endian(bytes + 1, count, 2);
    put(writer, bytes, 3);
  } else {
    bytes[0] = tag32;
    put_big_endian(bytes + 1, count, 4);
    put(writer, bytes, 5);
  }
}

static void encode_string(Writer *writer, const char *text, size_t length) {
  unsigned char bytes[5];
  if (length < 32) {
    bytes[0] = (unsigned char)(0xa0 | length);
    put(writer, bytes, 1);
  } else if (length <= 0xff) {
    bytes[0] = 0xd9;
    bytes[1] = (unsigned char)length;
    put(writer, bytes, 2);
  } else if (length <= 0xffff) {
    bytes[0] = 0xda;
    put_big_endian(bytes + 1, length, 2);
    put(writer, bytes, 3);
  } else {
    bytes[0] = 0xdb;
    put_big_endian(bytes + 1, length, 4);
    put(writer, bytes, 5);
  }
  put(writer, (const unsigned char *)text, length);
}

static void encode_integer(Writer *writer, int64_t n) {
  unsigned char bytes[9];
  size_t length;
  uint64_t u = (uint64_t)n;
  if (n >= 0) {
    if (u <= 127) { bytes[0] = (unsigned char)u; length = 1; }
    else if (u <= 0xff) { bytes[0] = 0xcc; put_big_endian(bytes + 1, u, 1); length = 2; }
    else if (u <= 0xffff) { bytes[0] = 0xcd; put_big_endian(bytes + 1, u, 2); length = 3; }
    else if (u <= 0xffffffffULL) { bytes[0] = 0xce; put_big_endian(bytes + 1, u, 4); length = 5; }
    else { bytes[0] = 0xcf; put_big_endian(bytes + 1, u, 8); length = 9; }
  } else {
    if (n >= -32) { bytes[0] = (unsigned char)(int8_t)n; length = 1; }
    else if (n >= -128) { bytes[0] = 0xd0; put_big_endian(bytes + 1, u, 1); length = 2; }
    else if (n >= -32768) { bytes[0] = 0xd1; put_big_endian(bytes + 1, u, 2); length = 3; }
    else if (n >= -2147483648LL) { bytes[0] = 0xd2; put_big_endian(bytes + 1, u, 4); length = 5; }
    else { bytes[0] = 0xd3; put_big_endian(bytes + 1, u, 8); length = 9; }
  }
  put(writer, bytes, length);
}

static void encode_number(Writer *writer, lua_Number n) {
  unsigned char bytes[9];
  if (!isinf(n) && (lua_Number)ballast_number_to_int64(n) == n) {
    encode_integer(writer, ballast_number_to_int64(n));
    return;
  }
  float single = (float)n;
  if ((double)single == n) {
    uint32_t bits;
    memcpy(&bits, &single, 4);
    bytes[0] = 0xca;
    put_big_endian(bytes + 1, bits, 4);
    put(writer, bytes, 5);
  } else {
    uint64_t bits;
    memcpy(&bits, &n, 8);
    bytes[0] = 0xcb;
    put_big_endian(bytes + 1, bits, 8);
    put(writer, bytes, 9);
  }
}

/* Keys exactly 1..n (positive integral numbers that fit an int, no holes). */
static int is_array(lua_State *L, int table) {
  int count = 0, max = 0;
  luaL_checkstack(L, 2, "in function table_is_an_array");
  lua_pushnil(L);
  while (lua_next(L, table)) {
    lua_pop(L, 1);
    lua_Number key;
    if (lua_type(L, -1) != LUA_TNUMBER || (key = lua_tonumber(L, -1)) <= 0 ||
        (lua_Number)ballast_number_to_int32(key) != key) {
      lua_pop(L, 1);
      return 0;
    }
    int index = (int)key;
    if (index > max) max = index;
    count++;
  }
  return max == count;
}

static void encode_value(Writer *writer, int level);

static void encode_table(Writer *writer, int level) {
  lua_State *L = writer->L;
  int table = lua_gettop(L);
  if (is_array(L, table)) {
    size_t length = lua_objlen(L, table);
    encode_header(writer, length, 0x90, 0xdc, 0xdd);
    luaL_checkstack(L, 1, "in function mp_encode_lua_table_as_array");
    for (size_t j = 1; j <= length; j++) {
      lua_pushnumber(L, (lua_Number)j);
      lua_gettable(L, table);
      encode_value(writer, level + 1);
    }
  } else {
    size_t count = 0;
    luaL_checkstack(L, 3, "in function mp_encode_lua_table_as_map");
    lua_pushnil(L);
    while (lua_next(L, table)) {
      lua_pop(L, 1);
      count++;
    }
    encode_header(writer, count, 0x80, 0xde, 0xdf);
    lua_pushnil(L);
    while (lua_next(L, table)) {
      lua_pushvalue(L, -2);
      encode_value(writer, level + 1); /* key */
      encode_value(writer, level + 1); /* value */
    }
  }
}

/* Encodes and pops the value on top of the stack. */
static void encode_value(Writer *writer, int level) {
  lua_State *L = writer->L;
  int type = lua_type(L, -1);
  if (type == LUA_TTABLE && level == NESTING_MAX) type = LUA_TNIL;
  switch (type) {
    case LUA_TSTRING: {
      size_t length;
      const char *text = lua_tolstring(L, -1, &length);
      encode_string(writer, text, length);
      break;
    }
    case LUA_TBOOLEAN: {
      unsigned char byte = lua_toboolean(L, -1) ? 0xc3 : 0xc2;
      put(writer, &byte, 1);
      break;
    }
    case LUA_TNUMBER:
      encode_number(writer, lua_tonumber(L, -1));
      break;
    case LUA_TTABLE:
      encode_table(writer, level);
      break;
    default: {
      unsigned char byte = 0xc0;
      put(writer, &byte, 1);
    }
  }
  lua_pop(L, 1);
}

static int msgpack_pack(lua_State *L) {
  int count = lua_gettop(L);
  if (count == 0) return luaL_argerror(L, 0, "MessagePack pack needs input.");
  if (!lua_checkstack(L, count)) return luaL_argerror(L, 0, "Too many arguments for MessagePack pack.");
  Writer writer = { L, 0, NULL, 0, 256 };
  writer.bytes = lua_newuserdata(L, writer.capacity);
  writer.slot = lua_gettop(L);
  for (int i = 1; i <= count; i++) {
    luaL_checkstack(L, 1, "in function mp_check");
    lua_pushvalue(L, i);
    encode_value(&writer, 0);
  }
  lua_pushlstring(L, (const char *)writer.bytes, writer.length);
  return 1;
}

/* ---- decoding ---- */

typedef struct { const unsigned char *at; size_t left; int error; } Cursor;
#define CURSOR_EOF 1
#define CURSOR_BAD_FORMAT 2

static uint64_t read_big_endian(const unsigned char *at, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; i++) value = (value << 8) | at[i];
  return value;
}

static void decode_value(lua_State *L, Cursor *cursor);

static int need(Cursor *cursor, size_t bytes) {
  if (cursor->left < bytes) {
    cursor->error = CURSOR_EOF;
    return 0;
  }
  return 1;
}

static void consume(Cursor *cursor, size_t bytes) {
  cursor->at += bytes;
  cursor->left -= bytes;
}

static void decode_array(lua_State *L, Cursor *cursor, size_t count) {
  lua_newtable(L);
  luaL_checkstack(L, 1, "in function mp_decode_to_lua_array");
  for (size_t index = 1; index <= count; index++) {
    lua_pushnumber(L, (lua_Number)index);
    decode_value(L, cursor);
    if (cursor->error) return;
    lua_settable(L, -3);
  }
}

static void decode_map(lua_State *L, Cursor *cursor, size_t count) {
  lua_newtable(L);
  while (count--) {
    decode_value(L, cursor);
    if (cursor->error) return;
    decode_value(L, cursor);
    if (cursor->error) return;
    lua_settable(L, -3);
  }
}

static void decode_string(lua_State *L, Cursor *cursor, size_t header, size_t length) {
  if (!need(cursor, header + length)) return;
  lua_pushlstring(L, (const char *)cursor->at + header, length);
  consume(cursor, header + length);
}

static void decode_value(lua_State *L, Cursor *cursor) {
  if (!need(cursor, 1)) return;
  luaL_checkstack(L, 1, "too many return values at once; use unpack_one or unpack_limit instead.");
  const unsigned char *p = cursor->at;
  switch (p[0]) {
    case 0xcc: if (!need(cursor, 2)) return; lua_pushnumber(L, p[1]); consume(cursor, 2); return;
    case 0xd0: if (!need(cursor, 2)) return; lua_pushnumber(L, (int8_t)p[1]); consume(cursor, 2); return;
    case 0xcd: if (!need(cursor, 3)) return; lua_pushnumber(L, (lua_Number)read_big_endian(p + 1, 2)); consume(cursor, 3); return;
    case 0xd1: if (!need(cursor, 3)) return; lua_pushnumber(L, (int16_t)read_big_endian(p + 1, 2)); consume(cursor, 3); return;
    case 0xce: if (!need(cursor, 5)) return; lua_pushnumber(L, (lua_Number)read_big_endian(p + 1, 4)); consume(cursor, 5); return;
    case 0xd2: if (!need(cursor, 5)) return; lua_pushnumber(L, (int32_t)read_big_endian(p + 1, 4)); consume(cursor, 5); return;
    case 0xcf: /* pushed as a signed 64-bit integer, as lua_pushinteger does on x86-64 */
    case 0xd3: if (!need(cursor, 9)) return; lua_pushnumber(L, (lua_Number)(int64_t)read_big_endian(p + 1, 8)); consume(cursor, 9); return;
    case 0xc0: lua_pushnil(L); consume(cursor, 1); return;
    case 0xc3: lua_pushboolean(L, 1); consume(cursor, 1); return;
    case 0xc2: lua_pushboolean(L, 0); consume(cursor, 1); return;
    case 0xca: {
      if (!need(cursor, 5)) return;
      uint32_t bits = (uint32_t)read_big_endian(p + 1, 4);
      float value;
      memcpy(&value, &bits, 4);
      lua_pushnumber(L, value);
      consume(cursor, 5);
      return;
    }
    case 0xcb: {
      if (!need(cursor, 9)) return;
      uint64_t bits = read_big_endian(p + 1, 8);
      double value;
      memcpy(&value, &bits, 8);
      lua_pushnumber(L, value);
      consume(cursor, 9);
      return;
    }
    case 0xd9: if (!need(cursor, 2)) return; decode_string(L, cursor, 2, p[1]); return;
    case 0xda: if (!need(cursor, 3)) return; decode_string(L, cursor, 3, (size_t)read_big_endian(p + 1, 2)); return;
    case 0xdb: {
      if (!need(cursor, 5)) return;
      size_t length = (size_t)read_big_endian(p + 1, 4);
      consume(cursor, 5);
      decode_string(L, cursor, 0, length);
      return;
    }
    case 0xdc: if (!need(cursor, 3)) return; consume(cursor, 3); decode_array(L, cursor, (size_t)read_big_endian(p + 1, 2)); return;
    case 0xdd: if (!need(cursor, 5)) return; consume(cursor, 5); decode_array(L, cursor, (size_t)read_big_endian(p + 1, 4)); return;
    case 0xde: if (!need(cursor, 3)) return; consume(cursor, 3); decode_map(L, cursor, (size_t)read_big_endian(p + 1, 2)); return;
    case 0xdf: if (!need(cursor, 5)) return; consume(cursor, 5); decode_map(L, cursor, (size_t)read_big_endian(p + 1, 4)); return;
    default:
      if ((p[0] & 0x80) == 0) { lua_pushnumber(L, p[0]); consume(cursor, 1); }
      else if ((p[0] & 0xe0) == 0xe0) { lua_pushnumber(L, (int8_t)p[0]); consume(cursor, 1); }
      else if ((p[0] & 0xe0) == 0xa0) decode_string(L, cursor, 1, p[0] & 0x1f);
      else if ((p[0] & 0xf0) == 0x90) { consume(cursor, 1); decode_array(L, cursor, p[0] & 0xf); }
      else if ((p[0] & 0xf0) == 0x80) { consume(cursor, 1); decode_map(L, cursor, p[0] & 0xf); }
      else cursor->error = CURSOR_BAD_FORMAT;
  }
}

static int unpack_full(lua_State *L, lua_Integer limit, lua_Integer offset) {
  size_t length;
  const char *text = luaL_checklstring(L, 1, &length);
  int decode_all = !limit && !offset;
  if (offset < 0 || limit < 0) {
    return luaL_error(L, "Invalid request to unpack with offset of %d and limit of %d.", (int)offset, (int)length);
  } else if ((uint64_t)offset > length) {
    return luaL_error(L, "Start offset %d greater than input length %d.", (int)offset, (int)length);
  }
  if (decode_all) limit = INT_MAX;
  Cursor cursor = { (const unsigned char *)text + offset, length - (size_t)offset, 0 };
  int count;
  for (count = 0; cursor.left > 0 && count < limit; count++) {
    decode_value(L, &cursor);
    if (cursor.error == CURSOR_EOF) return luaL_error(L, "Missing bytes in input.");
    if (cursor.error == CURSOR_BAD_FORMAT) return luaL_error(L, "Bad data format in input.");
  }
  if (!decode_all) {
    luaL_checkstack(L, 1, "in function mp_unpack_full");
    lua_pushinteger(L, cursor.left == 0 ? -1 : (lua_Integer)(length - cursor.left));
    lua_insert(L, 2);
    count++;
  }
  return count;
}

static int msgpack_unpack(lua_State *L) { return unpack_full(L, 0, 0); }

static int msgpack_unpack_one(lua_State *L) {
  lua_Integer offset = luaL_optinteger(L, 2, 0);
  lua_pop(L, lua_gettop(L) - 1);
  return unpack_full(L, 1, offset);
}

static int msgpack_unpack_limit(lua_State *L) {
  lua_Integer limit = luaL_checkinteger(L, 2);
  lua_Integer offset = luaL_optinteger(L, 3, 0);
  lua_pop(L, lua_gettop(L) - 1);
  return unpack_full(L, limit, offset);
}

int ballast_open_cmsgpack(lua_State *L) {
  static const luaL_Reg functions[] = {
    {"pack", msgpack_pack}, {"unpack", msgpack_unpack}, {"unpack_one", msgpack_unpack_one},
    {"unpack_limit", msgpack_unpack_limit}, {NULL, NULL},
  };
  lua_newtable(L);
  for (int i = 0; functions[i].name; i++) {
    lua_pushcfunction(L, functions[i].func);
    lua_setfield(L, -2, functions[i].name);
  }
  lua_pushliteral(L, "cmsgpack");
  lua_setfield(L, -2, "_NAME");
  lua_pushliteral(L, "lua-cmsgpack 0.4.0");
  lua_setfield(L, -2, "_VERSION");
  lua_pushliteral(L, "Copyright (C) 2012, Salvatore Sanfilippo");
  lua_setfield(L, -2, "_COPYRIGHT");
  lua_pushliteral(L, "MessagePack C implementation for Lua");
  lua_setfield(L, -2, "_DESCRIPTION");
  lua_pushvalue(L, -1);
  lua_setglobal(L, "cmsgpack");
  return 1;
}
