/*
 * The `struct` library of Redis's Lua (struct.pack, struct.unpack, struct.size), written for
 * Ballast. Sizes and alignment are those of the x86-64 build Redis ships, not of wasm32:
 * 'l'/'L' and 'T' are 8 bytes, 'i'/'I' default to 4, 'h'/'H' 2, native alignment at most 8,
 * little-endian by default; integers are handled as 64-bit values.
 *
 * Format: ' ' ignored; '>' big endian; '<' little endian; '![n]' maximum alignment n (default 8);
 * 'x' one padding byte; 'b'/'B' char; 'h'/'H' short; 'l'/'L' long; 'T' size_t; 'i[n]'/'I[n]' int
 * of n bytes (at most 32); 'f' float; 'd' double; 's' zero-terminated string; 'c[n]' n bytes
 * (pack: 'c0' is the whole string; unpack: 'c0' takes its length from the previous number).
 */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

#define INTEGER_SIZE_MAX 32
#define NATIVE_ALIGN_MAX 8
#define BIG 0
#define LITTLE 1

typedef struct { int endian; int align; } Options;

static int read_number(lua_State *L, const char **format, int fallback) {
  if (!isdigit((unsigned char)**format)) return fallback;
  int value = 0;
  do {
    if (value > INT_MAX / 10 || value * 10 > INT_MAX - (**format - '0')) luaL_error(L, "integral size overflow");
    value = value * 10 + (*(*format)++ - '0');
  } while (isdigit((unsigned char)**format));
  return value;
}

static uint64_t option_size(lua_State *L, int option, const char **format) {
  switch (option) {
    case 'B': case 'b': return 1;
    case 'H': case 'h': return 2;
    case 'L': case 'l': return 8;
    case 'T': return 8;
    case 'f': return 4;
    case 'd': return 8;
    case 'x': return 1;
    case 'c': return (uint64_t)read_number(L, format, 1);
    case 'i': case 'I': {
      int size = read_number(L, format, 4);
      if (size > INTEGER_SIZE_MAX) luaL_error(L, "integral size %d is larger than limit of %d", size, INTEGER_SIZE_MAX);
      return (uint64_t)size;
    }
    default: return 0;
  }
}

static uint64_t padding(uint64_t length, const Options *options, int option, uint64_t size) {
  if (size == 0 || option == 'c') return 0;
  if (size > (uint64_t)options->align) size = (uint64_t)options->align;
  return (size - (length & (size - 1))) & (size - 1);
}

static void control_option(lua_State *L, int option, const char **format, Options *options) {
  switch (option) {
    case ' ': return;
    case '>': options->endian = BIG; return;
    case '<': options->endian = LITTLE; return;
    case '!': {
      int align = read_number(L, format, NATIVE_ALIGN_MAX);
      if (!(align > 0 && (align & (align - 1)) == 0)) luaL_error(L, "alignment %d is not a power of 2", align);
      options->align = align;
      return;
    }
    default:
      luaL_argerror(L, 1, lua_pushfstring(L, "invalid format option '%c'", option));
  }
}

static void put_integer(lua_State *L, luaL_Buffer *buffer, int argument, int endian, int size) {
  lua_Number number = luaL_checknumber(L, argument);
  uint64_t value = number < 0 ? (uint64_t)ballast_number_to_int64(number) : ballast_number_to_uint64(number);
  char bytes[INTEGER_SIZE_MAX];
  for (int i = 0; i < size; i++) {
    int at = endian == LITTLE ? i : size - 1 - i;
    bytes[at] = (char)(value & 0xff);
    value >>= 8;
  }
  luaL_addlstring(buffer, bytes, (size_t)size);
}

static void put_bytes(luaL_Buffer *buffer, const unsigned char *bytes, int size, int endian) {
  char ordered[8];
  for (int i = 0; i < size; i++) ordered[i] = (char)(endian == LITTLE ? bytes[i] : bytes[size - 1 - i]);
  luaL_addlstring(buffer, ordered, (size_t)size);
}

static int struct_pack(lua_State *L) {
  luaL_Buffer buffer;
  const char *format = luaL_checkstring(L, 1);
  Options options = { LITTLE, 1 };
  int argument = 2;
  uint64_t total = 0;
  lua_pushnil(L);
  luaL_buffinit(L, &buffer);
  while (*format != '\0') {
    int option = (unsigned char)*format++;
    uint64_t size = option_size(L, option, &format);
    uint64_t pad = padding(total, &options, option, size);
    total += pad;
    while (pad-- > 0) luaL_addchar(&buffer, '\0');
    switch (option) {
      case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I':
        put_integer(L, &buffer, argument++, options.endian, (int)size);
        break;
      case 'x':
        luaL_addchar(&buffer, '\0');
        break;
      case 'f': {
        float value = (float)luaL_checknumber(L, argument++);
        put_bytes(&buffer, (const unsigned char *)&value, 4, options.endian);
        break;
      }
      case 'd': {
        double value = luaL_checknumber(L, argument++);
        put_bytes(&buffer, (const unsigned char *)&value, 8, options.endian);
        break;
      }
      case 'c': case 's': {
        size_t length;
        const char *text = luaL_checklstring(L, argument++, &length);
        if (size == 0) size = length;
        luaL_argcheck(L, (uint64_t)length >= size, argument, "string too short");
        luaL_addlstring(&buffer, text, (size_t)size);
        if (option == 's') {
          luaL_addchar(&buffer, '\0');
          size++;
        }
        break;
      }
      default:
        control_option(L, option, &format, &options);
    }
    total += size;
  }
  luaL_pushresult(&buffer);
  return 1;
}

static lua_Number get_integer(const unsigned char *bytes, int endian, int is_signed, int size) {
  uint64_t value = 0;
  for (int i = 0; i < size; i++) value = (value << 8) | bytes[endian == BIG ? i : size - 1 - i];
  if (!is_signed) return (lua_Number)value;
  uint64_t mask = ~(uint64_t)0 << ((size * 8 - 1) & 63);
  if (value & mask) value |= mask;
  return (lua_Number)(int64_t)value;
}

static int struct_unpack(lua_State *L) {
  Options options = { LITTLE, 1 };
  const char *format = luaL_checkstring(L, 1);
  size_t data_length;
  const unsigned char *data = (const unsigned char *)luaL_checklstring(L, 2, &data_length);
  uint64_t length = data_length;
  uint64_t position = (uint64_t)luaL_optinteger(L, 3, 1);
  luaL_argcheck(L, position > 0, 3, "offset must be 1 or greater");
  position--;
  int results = 0;
  while (*format) {
    int option = (unsigned char)*format++;
    uint64_t size = option_size(L, option, &format);
    position += padding(position, &options, option, size);
    luaL_argcheck(L, size <= length && position <= length - size, 2, "data string too short");
    luaL_checkstack(L, 2, "too many results");
    switch (option) {
      case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I':
        lua_pushnumber(L, get_integer(data + position, options.endian, islower(option), (int)size));
        results++;
        break;
      case 'x':
        break;
      case 'f': {
        unsigned char bytes[4];
        float value;
        for (int i = 0; i < 4; i++) bytes[i] = data[position + (options.endian == LITTLE ? i : 3 - i)];
        memcpy(&value, bytes, 4);
        lua_pushnumber(L, value);
        results++;
        break;
      }
      case 'd': {
        unsigned char bytes[8];
        double value;
        for (int i = 0; i < 8; i++) bytes[i] = data[position + (options.endian == LITTLE ? i : 7 - i)];
        memcpy(&value, bytes, 8);
        lua_pushnumber(L, value);
        results++;
        break;
      }
      case 'c':
        if (size == 0) {
          if (results == 0 || !lua_isnumber(L, -1)) luaL_error(L, "format 'c0' needs a previous size");
          size = ballast_number_to_uint64(lua_tonumber(L, -1));
          lua_pop(L, 1);
          results--;
          luaL_argcheck(L, size <= length && position <= length - size, 2, "data string too short");
        }
        lua_pushlstring(L, (const char *)data + position, (size_t)size);
        results++;
        break;
      case 's': {
        const unsigned char *end = memchr(data + position, '\0', (size_t)(length - position));
        if (end == NULL) luaL_error(L, "unfinished string in data");
        size = (uint64_t)(end - (data + position)) + 1;
        lua_pushlstring(L, (const char *)data + position, (size_t)size - 1);
        results++;
        break;
      }
      default:
        control_option(L, option, &format, &options);
    }
    position += size;
  }
  lua_pushinteger(L, (lua_Integer)(position + 1));
  return results + 1;
}

static int struct_size(lua_State *L) {
  Options options = { LITTLE, 1 };
  const char *format = luaL_checkstring(L, 1);
  uint64_t position = 0;
  while (*format) {
    int option = (unsigned char)*format++;
    uint64_t size = option_size(L, option, &format);
    position += padding(position, &options, option, size);
    if (option == 's') luaL_argerror(L, 1, "option 's' has no fixed size");
    else if (option == 'c' && size == 0) luaL_argerror(L, 1, "option 'c0' has no fixed size");
    if (!isalnum(option)) control_option(L, option, &format, &options);
    position += size;
  }
  lua_pushinteger(L, (lua_Integer)position);
  return 1;
}

static const luaL_Reg struct_functions[] = {
  {"pack", struct_pack}, {"unpack", struct_unpack}, {"size", struct_size}, {NULL, NULL},
};

int ballast_open_struct(lua_State *L) {
  luaL_register(L, "struct", struct_functions);
  return 1;
}
