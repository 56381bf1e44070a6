/*
 * Ballast's Lua runtime: the io buffer shared with the host, the counting allocator, Redis's
 * error tables and the conversions between Lua values and replies (luaReplyToRedisReply and
 * redisProtocolToLuaType in Redis's terms), in the tagged format of src/lua/reply-codec.ts.
 */
#include "ballast_vm.h"

size_t memory_used, memory_limit;

/* ----------------------------------------------------------------------------------------- */
/* The io buffer: replies and results in the tagged format shared with reply-codec.ts.        */

unsigned char *io_bytes;
size_t io_capacity, io_length;

EXPORT(io_reserve) unsigned char *io_reserve(size_t bytes) {
  if (bytes > io_capacity) {
    size_t capacity = io_capacity ? io_capacity : 4096;
    while (capacity < bytes) capacity *= 2;
    unsigned char *grown = realloc(io_bytes, capacity);
    if (!grown) return NULL;
    io_bytes = grown;
    io_capacity = capacity;
  }
  return io_bytes;
}

EXPORT(io_pointer) unsigned char *io_pointer(void) { return io_bytes; }

static void io_need(size_t extra) {
  if (io_length + extra > io_capacity && !io_reserve(io_length + extra)) abort();
}
void io_u8(unsigned char value) { io_need(1); io_bytes[io_length++] = value; }
void io_u32(uint32_t value) { io_need(4); memcpy(io_bytes + io_length, &value, 4); io_length += 4; }
static void io_f64(double value) { io_need(8); memcpy(io_bytes + io_length, &value, 8); io_length += 8; }
static void io_i64(long long value) { io_need(8); memcpy(io_bytes + io_length, &value, 8); io_length += 8; }
void io_text(const char *text, size_t length) {
  io_u32((uint32_t)length);
  io_need(length);
  memcpy(io_bytes + io_length, text, length);
  io_length += length;
}
/* A C string view of a Lua string, as Redis reads status and error texts (stops at NUL). */
void io_cstring(const char *text) { io_text(text, strlen(text)); }

/* ----------------------------------------------------------------------------------------- */
/* Memory: every Lua allocation is counted; growth past the limit fails ("not enough memory"). */

void *counting_alloc(void *ud, void *block, size_t old_size, size_t new_size) {
  (void)ud;
  if (new_size == 0) {
    free(block);
    memory_used -= old_size;
    return NULL;
  }
  if (new_size > old_size && memory_limit && memory_used - old_size + new_size > memory_limit) return NULL;
  void *moved = realloc(block, new_size);
  if (moved) memory_used = memory_used - old_size + new_size;
  return moved;
}

EXPORT(memory_bytes) double memory_bytes(void) { return (double)memory_used; }
EXPORT(set_memory_limit) void set_memory_limit(double bytes) { memory_limit = (size_t)bytes; }

/* ----------------------------------------------------------------------------------------- */
/* Errors as Redis shapes them: {err = "CODE message"}.                                       */

/* Pushes {err=...} from "-CODE message" or "message" (the latter gets the ERR code). */
void push_error_table(lua_State *L, const char *text, size_t length) {
  luaL_Buffer buffer;
  const char *code = "ERR";
  size_t code_length = 3;
  const char *message = text;
  size_t message_length = length;
  if (length > 0 && text[0] == '-') {
    const char *space = memchr(text, ' ', length);
    if (space) {
      code = text + 1;
      code_length = (size_t)(space - text - 1);
      message = space + 1;
      message_length = length - (size_t)(space - text) - 1;
    } else {
      message = text + 1;
      message_length = length - 1;
    }
  }
  /* Trim CR and LF at both ends of the message, as sdstrim does. */
  while (message_length > 0 && (message[0] == '\r' || message[0] == '\n')) { message++; message_length--; }
  while (message_length > 0 && (message[message_length - 1] == '\r' || message[message_length - 1] == '\n')) message_length--;
  lua_newtable(L);
  lua_pushliteral(L, "err");
  luaL_buffinit(L, &buffer);
  luaL_addlstring(&buffer, code, code_length);
  luaL_addchar(&buffer, ' ');
  luaL_addlstring(&buffer, message, message_length);
  luaL_pushresult(&buffer);
  /* Redis builds the text with C strings: it ends at the first NUL. */
  lua_pushstring(L, lua_tostring(L, -1));
  lua_remove(L, -2);
  lua_rawset(L, -3);
}

void push_error(lua_State *L, const char *message) {
  push_error_table(L, message, strlen(message));
}

int raise_error(lua_State *L, const char *message) {
  push_error(L, message);
  return lua_error(L);
}

/* The run's error handler (Redis's __redis__err__handler): adds source and line of the Lua
 * code that raised the error, turning a non-table error into {err="ERR "..tostring(err)}. */
int error_handler(lua_State *L) {
  lua_Debug info;
  int have = lua_getstack(L, 1, &info) && lua_getinfo(L, "nSl", &info);
  if (have && strcmp(info.what, "C") == 0) have = lua_getstack(L, 2, &info) && lua_getinfo(L, "nSl", &info);
  if (lua_type(L, 1) != LUA_TTABLE) {
    lua_getglobal(L, "tostring");
    if (lua_type(L, -1) == LUA_TFUNCTION) {
      lua_pushvalue(L, 1);
      lua_call(L, 1, 1);
    } else {
      lua_pop(L, 1);
      lua_pushstring(L, luaL_typename(L, 1));
    }
    lua_newtable(L);
    lua_pushliteral(L, "err");
    lua_pushliteral(L, "ERR ");
    lua_pushvalue(L, -4);
    lua_concat(L, 2);
    lua_settable(L, -3);
    lua_replace(L, 1);
    lua_settop(L, 1);
  }
  if (have) {
    lua_pushstring(L, info.source);
    lua_setfield(L, 1, "source");
    lua_pushinteger(L, info.currentline);
    lua_setfield(L, 1, "line");
  }
  lua_settop(L, 1);
  return 1;
}

/* ----------------------------------------------------------------------------------------- */
/* Lua value -> reply (luaReplyToRedisReply).                                                 */

static long long number_to_integer(lua_Number n) { return ballast_number_to_int64(n); }

static int rawget_type(lua_State *L, const char *field) {
  lua_pushstring(L, field);
  lua_rawget(L, -2);
  return lua_type(L, -1);
}

/* Whether the error table on top says its error was already counted in the error statistics
 * (Redis's ignore_error_stats_update: the error came from a command the script ran). */
unsigned char error_already_counted(lua_State *L) {
  lua_getfield(L, -1, "ignore_error_stats_update");
  unsigned char counted = lua_isboolean(L, -1) && lua_toboolean(L, -1);
  lua_pop(L, 1);
  return counted;
}

static void write_error_fields(lua_State *L) {
  /* Top: the table. The message is its err field (a C string view). */
  io_u8('e');
  io_u8(error_already_counted(L));
  lua_getfield(L, -1, "err");
  const char *message = lua_tostring(L, -1);
  io_cstring(message ? message : "");
  lua_pop(L, 1);
}

static void write_table(lua_State *L) {
  if (rawget_type(L, "err") == LUA_TSTRING) {
    lua_pop(L, 1);
    write_error_fields(L);
    return;
  }
  lua_pop(L, 1);
  if (rawget_type(L, "ok") == LUA_TSTRING) {
    io_u8('o');
    io_cstring(lua_tostring(L, -1));
    lua_pop(L, 1);
    return;
  }
  lua_pop(L, 1);
  if (rawget_type(L, "double") == LUA_TNUMBER) {
    io_u8('d');
    io_f64(lua_tonumber(L, -1));
    lua_pop(L, 1);
    return;
  }
  lua_pop(L, 1);
  if (rawget_type(L, "big_number") == LUA_TSTRING) {
    size_t length;
    const char *text = lua_tolstring(L, -1, &length);
    io_u8('g');
    io_text(text, length);
    lua_pop(L, 1);
    return;
  }
  lua_pop(L, 1);
  if (rawget_type(L, "verbatim_string") == LUA_TTABLE) {
    if (rawget_type(L, "format") == LUA_TSTRING) {
      const char *format = lua_tostring(L, -1);
      lua_pushliteral(L, "string");
      lua_rawget(L, -3);
      if (lua_type(L, -1) == LUA_TSTRING) {
        size_t length;
        const char *text = lua_tolstring(L, -1, &length);
        char padded[3];
        for (int i = 0, ended = 0; i < 3; i++) {
          if (!ended && format[i] == '\0') ended = 1;
          padded[i] = ended ? ' ' : format[i];
        }
        io_u8('v');
        io_need(3);
        memcpy(io_bytes + io_length, padded, 3);
        io_length += 3;
        io_text(text, length);
        lua_pop(L, 3);
        return;
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  if (rawget_type(L, "map") == LUA_TTABLE) {
    io_u8('m');
    size_t count_at = io_length;
    uint32_t count = 0;
    io_u32(0);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lua_pushvalue(L, -2);
      write_value(L); /* key */
      write_value(L); /* value */
      count++;
    }
    memcpy(io_bytes + count_at, &count, 4);
    lua_pop(L, 1);
    return;
  }
  lua_pop(L, 1);
  if (rawget_type(L, "set") == LUA_TTABLE) {
    io_u8('t');
    size_t count_at = io_length;
    uint32_t count = 0;
    io_u32(0);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lua_pop(L, 1);
      lua_pushvalue(L, -1);
      write_value(L);
      count++;
    }
    memcpy(io_bytes + count_at, &count, 4);
    lua_pop(L, 1);
    return;
  }
  lua_pop(L, 1);
  io_u8('a');
  size_t count_at = io_length;
  uint32_t count = 0;
  io_u32(0);
  for (int index = 1;; index++) {
    lua_pushnumber(L, index);
    lua_rawget(L, -2);
    if (lua_type(L, -1) == LUA_TNIL) {
      lua_pop(L, 1);
      break;
    }
    write_value(L);
    count++;
  }
  memcpy(io_bytes + count_at, &count, 4);
}

/* Nesting at which a result stops with "reached lua stack limit". Redis stops when Lua's stack
 * is full (about 8000 levels); Ballast stops earlier so that no recursive reply encoder of the
 * engine runs out of JavaScript stack on a self-referencing table. */
#define RESULT_NESTING_MAX 1000
int result_depth;

/* Converts and pops the value on top of the stack. */
void write_value(lua_State *L) {
  if (result_depth >= RESULT_NESTING_MAX || !lua_checkstack(L, 4)) {
    io_u8('e');
    io_u8(0);
    io_cstring("ERR reached lua stack limit");
    lua_pop(L, 1);
    return;
  }
  result_depth++;
  switch (lua_type(L, -1)) {
    case LUA_TSTRING: {
      size_t length;
      const char *text = lua_tolstring(L, -1, &length);
      io_u8('s');
      io_text(text, length);
      break;
    }
    case LUA_TBOOLEAN:
      if (script_resp == 2) {
        if (lua_toboolean(L, -1)) { io_u8('i'); io_i64(1); } else io_u8('n');
      } else {
        io_u8('b');
        io_u8((unsigned char)lua_toboolean(L, -1));
      }
      break;
    case LUA_TNUMBER:
      io_u8('i');
      io_i64(number_to_integer(lua_tonumber(L, -1)));
      break;
    case LUA_TTABLE:
      write_table(L);
      break;
    default:
      io_u8('n');
  }
  result_depth--;
  lua_pop(L, 1);
}

/* ----------------------------------------------------------------------------------------- */
/* Reply -> Lua value (redisProtocolToLuaType), from the io buffer.                           */

static uint32_t read_u32(Reader *r) { uint32_t v; memcpy(&v, r->at, 4); r->at += 4; return v; }
static double read_f64(Reader *r) { double v; memcpy(&v, r->at, 8); r->at += 8; return v; }

static void check_stack(lua_State *L, int slots) {
  if (!lua_checkstack(L, slots)) luaL_error(L, "lua stack limit reach when parsing redis.call reply");
}

void read_value(lua_State *L, Reader *r) {
  check_stack(L, 5);
  unsigned char tag = *r->at++;
  switch (tag) {
    case 's': {
      uint32_t length = read_u32(r);
      lua_pushlstring(L, (const char *)r->at, length);
      r->at += length;
      break;
    }
    case 'i': lua_pushnumber(L, read_f64(r)); break;
    case 'F': lua_pushboolean(L, 0); break;
    case 'Z': lua_pushnil(L); break;
    case 'b': lua_pushboolean(L, *r->at++); break;
    case '+': {
      uint32_t length = read_u32(r);
      lua_newtable(L);
      lua_pushliteral(L, "ok");
      lua_pushlstring(L, (const char *)r->at, length);
      lua_rawset(L, -3);
      r->at += length;
      break;
    }
    case '-': {
      uint32_t length = read_u32(r);
      luaL_Buffer buffer;
      luaL_buffinit(L, &buffer);
      luaL_addchar(&buffer, '-');
      luaL_addlstring(&buffer, (const char *)r->at, length);
      luaL_pushresult(&buffer);
      r->at += length;
      size_t text_length;
      const char *text = lua_tolstring(L, -1, &text_length);
      push_error_table(L, text, strlen(text) < text_length ? strlen(text) : text_length);
      lua_remove(L, -2);
      lua_pushliteral(L, "ignore_error_stats_update");
      lua_pushboolean(L, 1);
      lua_rawset(L, -3);
      break;
    }
    case '*': {
      uint32_t count = read_u32(r);
      lua_createtable(L, count < 1024 ? (int)count : 1024, 0);
      for (uint32_t i = 0; i < count; i++) {
        lua_pushnumber(L, i + 1);
        read_value(L, r);
        lua_settable(L, -3);
      }
      break;
    }
    case '%': {
      uint32_t count = read_u32(r);
      lua_newtable(L);
      lua_pushliteral(L, "map");
      lua_newtable(L);
      for (uint32_t i = 0; i < count; i++) {
        read_value(L, r);
        read_value(L, r);
        lua_settable(L, -3);
      }
      lua_settable(L, -3);
      break;
    }
    case '~': {
      uint32_t count = read_u32(r);
      lua_newtable(L);
      lua_pushliteral(L, "set");
      lua_newtable(L);
      for (uint32_t i = 0; i < count; i++) {
        read_value(L, r);
        lua_pushboolean(L, 1);
        lua_settable(L, -3);
      }
      lua_settable(L, -3);
      break;
    }
    case ',': {
      double value = read_f64(r);
      lua_newtable(L);
      lua_pushliteral(L, "double");
      lua_pushnumber(L, value);
      lua_settable(L, -3);
      break;
    }
    case '(': {
      uint32_t length = read_u32(r);
      lua_newtable(L);
      lua_pushliteral(L, "big_number");
      lua_pushlstring(L, (const char *)r->at, length);
      lua_settable(L, -3);
      r->at += length;
      break;
    }
    case '=': {
      const unsigned char *format = r->at;
      r->at += 3;
      uint32_t length = read_u32(r);
      lua_newtable(L);
      lua_pushliteral(L, "verbatim_string");
      lua_newtable(L);
      lua_pushliteral(L, "string");
      lua_pushlstring(L, (const char *)r->at, length);
      lua_settable(L, -3);
      lua_pushliteral(L, "format");
      lua_pushlstring(L, (const char *)format, 3);
      lua_settable(L, -3);
      lua_settable(L, -3);
      r->at += length;
      break;
    }
    default:
      luaL_error(L, "Ballast: bad reply tag %d", tag);
  }
}

