/*
 * The `bit` library of Redis's Lua (LuaBitOp 1.0 semantics), written for Ballast: 32-bit
 * operations on numbers, results as signed 32-bit numbers. A number converts to 32 bits by
 * adding 2^52 + 2^51 and keeping the low word of the double, as LuaBitOp documents (so
 * non-integers round to nearest, ties to even, and values wrap modulo 2^32).
 */
#include <stdint.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"

static uint32_t bit_argument(lua_State *L, int index) {
  union { lua_Number number; uint64_t bits; } value;
  value.number = lua_tonumber(L, index) + 6755399441055744.0;
  uint32_t word = (uint32_t)value.bits;
  if (word == 0 && !lua_isnumber(L, index)) luaL_typerror(L, index, "number");
  return word;
}

static int bit_return(lua_State *L, uint32_t word) {
  lua_pushnumber(L, (lua_Number)(int32_t)word);
  return 1;
}

static int bit_tobit(lua_State *L) { return bit_return(L, bit_argument(L, 1)); }
static int bit_bnot(lua_State *L) { return bit_return(L, ~bit_argument(L, 1)); }

static int bit_band(lua_State *L) {
  uint32_t word = bit_argument(L, 1);
  for (int i = lua_gettop(L); i > 1; i--) word &= bit_argument(L, i);
  return bit_return(L, word);
}
static int bit_bor(lua_State *L) {
  uint32_t word = bit_argument(L, 1);
  for (int i = lua_gettop(L); i > 1; i--) word |= bit_argument(L, i);
  return bit_return(L, word);
}
static int bit_bxor(lua_State *L) {
  uint32_t word = bit_argument(L, 1);
  for (int i = lua_gettop(L); i > 1; i--) word ^= bit_argument(L, i);
  return bit_return(L, word);
}

static int bit_lshift(lua_State *L) {
  uint32_t word = bit_argument(L, 1), count = bit_argument(L, 2) & 31;
  return bit_return(L, word << count);
}
static int bit_rshift(lua_State *L) {
  uint32_t word = bit_argument(L, 1), count = bit_argument(L, 2) & 31;
  return bit_return(L, word >> count);
}
static int bit_arshift(lua_State *L) {
  uint32_t word = bit_argument(L, 1), count = bit_argument(L, 2) & 31;
  return bit_return(L, (uint32_t)((int32_t)word >> count));
}
static int bit_rol(lua_State *L) {
  uint32_t word = bit_argument(L, 1), count = bit_argument(L, 2) & 31;
  return bit_return(L, count == 0 ? word : (word << count) | (word >> (32 - count)));
}
static int bit_ror(lua_State *L) {
  uint32_t word = bit_argument(L, 1), count = bit_argument(L, 2) & 31;
  return bit_return(L, count == 0 ? word : (word >> count) | (word << (32 - count)));
}
static int bit_bswap(lua_State *L) {
  uint32_t word = bit_argument(L, 1);
  word = (word >> 24) | ((word >> 8) & 0xff00) | ((word & 0xff00) << 8) | (word << 24);
  return bit_return(L, word);
}

static int bit_tohex(lua_State *L) {
  uint32_t word = bit_argument(L, 1);
  int32_t digits = lua_isnone(L, 2) ? 8 : (int32_t)bit_argument(L, 2);
  const char *alphabet = "0123456789abcdef";
  char text[8];
  if (digits < 0) {
    digits = digits < -8 ? 8 : -digits;
    alphabet = "0123456789ABCDEF";
  }
  if (digits > 8) digits = 8;
  for (int i = digits - 1; i >= 0; i--) {
    text[i] = alphabet[word & 15];
    word >>= 4;
  }
  lua_pushlstring(L, text, (size_t)digits);
  return 1;
}

static const luaL_Reg bit_functions[] = {
  {"tobit", bit_tobit}, {"bnot", bit_bnot}, {"band", bit_band}, {"bor", bit_bor}, {"bxor", bit_bxor},
  {"lshift", bit_lshift}, {"rshift", bit_rshift}, {"arshift", bit_arshift}, {"rol", bit_rol},
  {"ror", bit_ror}, {"bswap", bit_bswap}, {"tohex", bit_tohex}, {NULL, NULL},
};

int ballast_open_bit(lua_State *L) {
  luaL_register(L, "bit", bit_functions);
  return 1;
}
