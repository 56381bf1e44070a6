/*
 * Ballast's Lua runtime: one Lua 5.1 VM per WebAssembly instance, set up as Redis 7.0 sets up
 * its EVAL VM or its FUNCTION VM (libraries, the `redis` table, the sandbox of readonly tables),
 * driven by the host through a handful of exports. Written for Ballast from Redis 7.0's
 * documented behaviour; no Redis source is copied.
 *
 * What it guarantees:
 * - Scripts run on a coroutine ("the root thread") so that the count hook can suspend them
 *   (export run_step returns 1) and a later run_step resumes them where they stopped.
 * - pcall and xpcall run their function on a thread of their own, so a busy loop inside a pcall
 *   still suspends: the chain of such threads (root first) is resumed innermost first. Where a
 *   suspension is impossible (inside a metamethod, a sort comparator, a gsub callback, a user
 *   coroutine) the hook keeps asking at a shorter interval and the script keeps running.
 * - Conversions between Lua values and replies follow Redis 7.0 (see write_value/read_value);
 *   replies travel through one byte buffer ("io buffer") in a small tagged format that
 *   src/lua/reply-codec.ts reads and writes.
 * - Nothing depends on time or addresses except what Lua itself exposes (tostring of a table).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "lstate.h"
#include "ldo.h"
#include "lobject.h"

#define EXPORT(name) __attribute__((export_name(#name)))
#define IMPORT(name) __attribute__((import_module("ballast"), import_name(#name)))

/* Host imports (src/lua/lua-vm.ts). */
IMPORT(host_call) int host_call(const uint32_t *argv, int argc, int resp);
IMPORT(host_acl_check) int host_acl_check(const uint32_t *argv, int argc);
IMPORT(host_log) void host_log(int level, const char *message, size_t length);
IMPORT(host_set_repl) void host_set_repl(int flags);
IMPORT(host_checkpoint) int host_checkpoint(void);
IMPORT(host_sha1hex) void host_sha1hex(const char *bytes, size_t length, char *out);

int luaopen_cjson(lua_State *L);
int ballast_open_bit(lua_State *L);
int ballast_open_struct(lua_State *L);
int ballast_open_cmsgpack(lua_State *L);
int ballast_register_function(lua_State *L);

/* Instructions between two host checkpoints, as Redis's count hook (100000). */
#define CHECKPOINT_INSTRUCTIONS 100000
/* Shorter interval while a suspension is owed but the running thread cannot yield. */
#define RETRY_INSTRUCTIONS 10000
#define CHAIN_MAX 512

#define MODE_EVAL 0
#define MODE_FUNCTIONS 1

#define THREAD_USER 0
#define THREAD_ROOT 1
#define THREAD_PROTECTED 2
#define thread_kind(L) (*((unsigned char *)(L) - LUAI_EXTRASPACE))
/* The thread that called pcall/xpcall, for a THREAD_PROTECTED thread. */
#define thread_parent(L) (*(lua_State **)((unsigned char *)(L) - LUAI_EXTRASPACE + 4))

#define KIND_PCALL 1
#define KIND_XPCALL 2

/* yieldable: the thread's body is a Lua function (a C body cannot be resumed after a yield). */
typedef struct { lua_State *thread; int kind; int yieldable; } ChainEntry;

static lua_State *vm;
static int vm_mode;
static size_t memory_used, memory_limit;
static uint64_t random_state;

/* The run in progress. */
static int in_run, in_load, load_timed_out;
static int script_resp = 2;
static ChainEntry chain[CHAIN_MAX];
static int chain_length;
static int pending_arguments;
static int yield_owed;
static int root_ref = LUA_NOREF;

/* ----------------------------------------------------------------------------------------- */
/* The io buffer: replies and results in the tagged format shared with reply-codec.ts.        */

static unsigned char *io_bytes;
static size_t io_capacity, io_length;

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
static void io_u8(unsigned char value) { io_need(1); io_bytes[io_length++] = value; }
static void io_u32(uint32_t value) { io_need(4); memcpy(io_bytes + io_length, &value, 4); io_length += 4; }
static void io_f64(double value) { io_need(8); memcpy(io_bytes + io_length, &value, 8); io_length += 8; }
static void io_i64(long long value) { io_need(8); memcpy(io_bytes + io_length, &value, 8); io_length += 8; }
static void io_text(const char *text, size_t length) {
  io_u32((uint32_t)length);
  io_need(length);
  memcpy(io_bytes + io_length, text, length);
  io_length += length;
}
/* A C string view of a Lua string, as Redis reads status and error texts (stops at NUL). */
static void io_cstring(const char *text) { io_text(text, strlen(text)); }

/* ----------------------------------------------------------------------------------------- */
/* Memory: every Lua allocation is counted; growth past the limit fails ("not enough memory"). */

static void *counting_alloc(void *ud, void *block, size_t old_size, size_t new_size) {
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
static void push_error_table(lua_State *L, const char *text, size_t length) {
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

static void push_error(lua_State *L, const char *message) {
  push_error_table(L, message, strlen(message));
}

static int raise_error(lua_State *L, const char *message) {
  push_error(L, message);
  return lua_error(L);
}

/* The run's error handler (Redis's __redis__err__handler): adds source and line of the Lua
 * code that raised the error, turning a non-table error into {err="ERR "..tostring(err)}. */
static int error_handler(lua_State *L) {
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

static void write_value(lua_State *L);

/* Whether the error table on top says its error was already counted in the error statistics
 * (Redis's ignore_error_stats_update: the error came from a command the script ran). */
static unsigned char error_already_counted(lua_State *L) {
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
static int result_depth;

/* Converts and pops the value on top of the stack. */
static void write_value(lua_State *L) {
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

typedef struct { const unsigned char *at; const unsigned char *end; } Reader;

static uint32_t read_u32(Reader *r) { uint32_t v; memcpy(&v, r->at, 4); r->at += 4; return v; }
static double read_f64(Reader *r) { double v; memcpy(&v, r->at, 8); r->at += 8; return v; }

static void check_stack(lua_State *L, int slots) {
  if (!lua_checkstack(L, slots)) luaL_error(L, "lua stack limit reach when parsing redis.call reply");
}

static void read_value(lua_State *L, Reader *r) {
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

/* ----------------------------------------------------------------------------------------- */
/* redis.* functions.                                                                          */

/* Turns the arguments into strings (numbers as %.17g) and fills argv with (pointer, length)
 * pairs. Returns the count, or -1 with an error table pushed. */
static uint32_t *argv_pairs;
static int argv_capacity;

static int collect_arguments(lua_State *L) {
  int argc = lua_gettop(L);
  if (argc == 0) {
    push_error(L, "Please specify at least one argument for this redis lib call");
    return -1;
  }
  if (argc > argv_capacity) {
    uint32_t *grown = realloc(argv_pairs, sizeof(uint32_t) * 2 * (size_t)argc);
    if (!grown) luaL_error(L, "not enough memory");
    argv_pairs = grown;
    argv_capacity = argc;
  }
  for (int j = 1; j <= argc; j++) {
    size_t length;
    const char *text;
    if (lua_type(L, j) == LUA_TNUMBER) {
      char number[64];
      int written = snprintf(number, sizeof number, "%.17g", (double)lua_tonumber(L, j));
      lua_pushlstring(L, number, (size_t)written);
      lua_replace(L, j);
      text = lua_tolstring(L, j, &length);
    } else {
      text = lua_tolstring(L, j, &length);
      if (!text) {
        lua_settop(L, 0);
        push_error(L, "Lua redis lib command arguments must be strings or integers");
        return -1;
      }
    }
    argv_pairs[2 * (j - 1)] = (uint32_t)(uintptr_t)text;
    argv_pairs[2 * (j - 1) + 1] = (uint32_t)length;
  }
  return argc;
}

static int redis_generic_call(lua_State *L, int raise) {
  if (!in_run) return raise_error(L, "redis.call/pcall can only be called inside a script invocation");
  int argc = collect_arguments(L);
  if (argc < 0) return raise ? lua_error(L) : 1;
  io_length = 0;
  int length = host_call(argv_pairs, argc, script_resp);
  lua_settop(L, 0);
  Reader reader = { io_bytes, io_bytes + length };
  int is_error = length > 0 && io_bytes[0] == '-';
  read_value(L, &reader);
  if (raise && is_error) return lua_error(L);
  return 1;
}

static int redis_call(lua_State *L) { return redis_generic_call(L, 1); }
static int redis_pcall(lua_State *L) { return redis_generic_call(L, 0); }

static int redis_sha1hex(lua_State *L) {
  if (lua_gettop(L) != 1) return raise_error(L, "wrong number of arguments");
  size_t length = 0;
  const char *text = lua_tolstring(L, 1, &length);
  char digest[40];
  host_sha1hex(text ? text : "", text ? length : 0, digest);
  lua_pushlstring(L, digest, 40);
  return 1;
}

static int redis_error_reply(lua_State *L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    push_error(L, "wrong number or type of arguments");
    return 1;
  }
  const char *text = lua_tostring(L, -1);
  if (text[0] == '-') {
    push_error_table(L, text, strlen(text));
  } else {
    lua_pushliteral(L, "-");
    lua_pushstring(L, text);
    lua_concat(L, 2);
    push_error_table(L, lua_tostring(L, -1), strlen(lua_tostring(L, -1)));
  }
  return 1;
}

static int redis_status_reply(lua_State *L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    push_error(L, "wrong number or type of arguments");
    return 1;
  }
  lua_newtable(L);
  lua_pushliteral(L, "ok");
  lua_pushvalue(L, -3);
  lua_settable(L, -3);
  return 1;
}

static int redis_set_repl(lua_State *L) {
  if (!in_run) return raise_error(L, "redis.set_repl can only be called inside a script invocation");
  if (lua_gettop(L) != 1) return raise_error(L, "redis.set_repl() requires two arguments.");
  int flags = ballast_number_to_int32(lua_tonumber(L, -1));
  if ((flags & ~3) != 0) return raise_error(L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
  host_set_repl(flags);
  return 0;
}

static int redis_acl_check_cmd(lua_State *L) {
  if (!in_run) return raise_error(L, "redis.acl_check_cmd can only be called inside a script invocation");
  int argc = collect_arguments(L);
  if (argc < 0) return lua_error(L);
  int answer = host_acl_check(argv_pairs, argc);
  lua_settop(L, 0);
  if (answer < 0) return raise_error(L, "Invalid command passed to redis.acl_check_cmd()");
  lua_pushboolean(L, answer);
  return 1;
}

static int redis_log(lua_State *L) {
  int argc = lua_gettop(L);
  if (argc < 2) return raise_error(L, "redis.log() requires two arguments or more.");
  if (!lua_isnumber(L, 1)) return raise_error(L, "First argument must be a number (log level).");
  int level = ballast_number_to_int32(lua_tonumber(L, 1));
  if (level < 0 || level > 3) return raise_error(L, "Invalid debug level.");
  luaL_Buffer buffer;
  luaL_buffinit(L, &buffer);
  for (int j = 2; j <= argc; j++) {
    size_t length;
    const char *text = lua_tolstring(L, j, &length);
    if (!text) continue;
    if (j != 2) luaL_addchar(&buffer, ' ');
    luaL_addlstring(&buffer, text, length);
  }
  luaL_pushresult(&buffer);
  size_t length;
  const char *message = lua_tolstring(L, -1, &length);
  host_log(level, message, length);
  return 0;
}

static int redis_setresp(lua_State *L) {
  if (!in_run) return raise_error(L, "redis.setresp can only be called inside a script invocation");
  if (lua_gettop(L) != 1) return raise_error(L, "redis.setresp() requires one argument.");
  int resp = ballast_number_to_int32(lua_tonumber(L, -1));
  if (resp != 2 && resp != 3) return raise_error(L, "RESP version must be 2 or 3.");
  script_resp = resp;
  return 0;
}

static int redis_breakpoint(lua_State *L) { lua_pushboolean(L, 0); return 1; }
static int redis_debug(lua_State *L) { (void)L; return 0; }
static int redis_replicate_commands(lua_State *L) { lua_pushboolean(L, 1); return 1; }

/* ----------------------------------------------------------------------------------------- */
/* math.random / math.randomseed: the 48-bit linear congruential generator of lrand48, which
 * Redis uses so that every platform gives the same sequence for the same seed.               */

#define RANDOM_MULTIPLIER 0x5DEECE66DULL
#define RANDOM_INCREMENT 0xBULL
#define RANDOM_MASK ((1ULL << 48) - 1)
#define RANDOM_MAX 2147483647

static void random_seed(int32_t seed) {
  uint32_t bits = (uint32_t)seed;
  random_state = ((uint64_t)(bits >> 16) << 32) | ((uint64_t)(bits & 0xffff) << 16) | 0x330E;
}

static int32_t random_next(void) {
  random_state = (RANDOM_MULTIPLIER * random_state + RANDOM_INCREMENT) & RANDOM_MASK;
  return (int32_t)(random_state >> 17);
}

static int math_random(lua_State *L) {
  if (!in_run) return luaL_error(L, "math.random can only be called inside a script invocation");
  lua_Number r = (lua_Number)(random_next() % RANDOM_MAX) / (lua_Number)RANDOM_MAX;
  switch (lua_gettop(L)) {
    case 0:
      lua_pushnumber(L, r);
      break;
    case 1: {
      int upper = luaL_checkint(L, 1);
      luaL_argcheck(L, 1 <= upper, 1, "interval is empty");
      lua_pushnumber(L, floor(r * upper) + 1);
      break;
    }
    case 2: {
      int lower = luaL_checkint(L, 1);
      int upper = luaL_checkint(L, 2);
      luaL_argcheck(L, lower <= upper, 2, "interval is empty");
      lua_pushnumber(L, floor(r * (upper - lower + 1)) + lower);
      break;
    }
    default:
      return luaL_error(L, "wrong number of arguments");
  }
  return 1;
}

static int math_randomseed(lua_State *L) {
  if (!in_run) return luaL_error(L, "math.randomseed can only be called inside a script invocation");
  random_seed(luaL_checkint(L, 1));
  return 0;
}

/* ----------------------------------------------------------------------------------------- */
/* Yieldable pcall/xpcall and the coroutine functions that must not see the runtime's threads. */

static int chain_top_is(lua_State *L) {
  return chain_length > 0 && chain[chain_length - 1].thread == L && chain[chain_length - 1].yieldable &&
         L->nCcalls <= L->baseCcalls;
}

/* Pushes on L what pcall/xpcall return for thread P that ended with status; returns the count. */
static int finish_protected(lua_State *L, lua_State *P, int status, int kind) {
  if (status == 0) {
    int first = kind == KIND_XPCALL ? 2 : 1;
    int results = lua_gettop(P) - first + 1;
    if (!lua_checkstack(L, results + 1)) luaL_error(L, "too many results");
    lua_pushboolean(L, 1);
    lua_xmove(P, L, results);
    return results + 1;
  }
  lua_checkstack(L, 3);
  lua_pushboolean(L, 0);
  lua_xmove(P, L, 1);
  int count = 2;
  if (kind == KIND_PCALL && lua_istable(L, -1)) {
    /* Redis's pcall returns the err field of an error table (and keeps a non-string one). */
    lua_getfield(L, -1, "err");
    if (lua_isstring(L, -1)) lua_replace(L, -2);
    else count = 3;
  }
  return count;
}

static int run_protected(lua_State *L, int kind) {
  lua_State *P = lua_newthread(L);
  thread_kind(P) = THREAD_PROTECTED;
  thread_parent(P) = L;
  lua_insert(L, 1);
  int arguments;
  if (kind == KIND_XPCALL) {
    lua_settop(L, 3);
    lua_pushvalue(L, 3);
    lua_pushvalue(L, 2);
    lua_xmove(L, P, 2);
    P->errfunc = savestack(P, P->base);
    arguments = 0;
  } else {
    int count = lua_gettop(L) - 1;
    lua_xmove(L, P, count);
    arguments = count - 1;
  }
  P->nCcalls = L->nCcalls;
  int transparent = chain_top_is(L) && chain_length < CHAIN_MAX && !lua_iscfunction(P, -1 - arguments);
  if (transparent) {
    chain[chain_length].thread = P;
    chain[chain_length].kind = kind;
    chain[chain_length].yieldable = 1;
    chain_length++;
  }
  int status = lua_resume(P, arguments);
  if (status == LUA_YIELD) {
    /* Only the count hook suspends a runtime thread (and only the chain's top). */
    return lua_yield(L, 0);
  }
  if (transparent) chain_length--;
  return finish_protected(L, P, status, kind);
}

static int base_pcall(lua_State *L) {
  if (lua_gettop(L) == 0) {
    /* Redis's pcall then calls the boolean it pushed as the result placeholder. */
    lua_pushboolean(L, 0);
    lua_pushliteral(L, "attempt to call a boolean value");
    return 2;
  }
  return run_protected(L, KIND_PCALL);
}

static int base_xpcall(lua_State *L) {
  luaL_checkany(L, 2);
  return run_protected(L, KIND_XPCALL);
}

/* The innermost thread that a script could see as "running" (the runtime's threads are the
 * main thread to the script, as in Redis where scripts run on the main state). */
static int is_runtime_thread(lua_State *L) { return thread_kind(L) != THREAD_USER; }

static int coroutine_yield(lua_State *L) {
  if (is_runtime_thread(L)) {
    lua_pushliteral(L, "attempt to yield across metamethod/C-call boundary");
    return lua_error(L);
  }
  return lua_yield(L, lua_gettop(L));
}

/* A pcall thread stands for the thread that called pcall; the root thread for the main one. */
static lua_State *visible_thread(lua_State *L) {
  while (thread_kind(L) == THREAD_PROTECTED) L = thread_parent(L);
  return thread_kind(L) == THREAD_ROOT ? NULL : L;
}

static int coroutine_running(lua_State *L) {
  lua_State *visible = visible_thread(L);
  if (visible == NULL) {
    lua_pushnil(L);
  } else {
    lua_pushthread(visible);
    lua_xmove(visible, L, 1);
  }
  return 1;
}

static int coroutine_status(lua_State *L) {
  lua_State *co = lua_tothread(L, 1);
  luaL_argcheck(L, co, 1, "coroutine expected");
  lua_Debug info;
  const char *status;
  if (co == L || co == visible_thread(L)) status = "running";
  else if (lua_status(co) == LUA_YIELD) status = "suspended";
  else if (lua_status(co) != 0) status = "dead";
  else if (lua_getstack(co, 0, &info) > 0) status = "normal";
  else if (lua_gettop(co) == 0) status = "dead";
  else status = "suspended";
  lua_pushstring(L, status);
  return 1;
}

/* ----------------------------------------------------------------------------------------- */
/* The count hook.                                                                            */

static void count_hook(lua_State *L, lua_Debug *ar);

static void try_yield(lua_State *L) {
  if (chain_top_is(L)) {
    yield_owed = 0;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, CHECKPOINT_INSTRUCTIONS);
    lua_yield(L, 0);
  } else {
    lua_sethook(L, count_hook, LUA_MASKCOUNT, RETRY_INSTRUCTIONS);
  }
}

static void count_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  if (in_load) {
    if (load_timed_out || host_checkpoint()) {
      load_timed_out = 1;
      lua_sethook(L, count_hook, LUA_MASKLINE, 0);
      raise_error(L, "FUNCTION LOAD timeout");
    }
    return;
  }
  if (!in_run) return;
  if (yield_owed || host_checkpoint()) {
    yield_owed = 1;
    try_yield(L);
  }
}

/* ----------------------------------------------------------------------------------------- */
/* The sandbox: allow-listed globals while libraries load, then readonly tables.              */

static const char *const allowed_globals[] = {
  "string", "cjson", "bit", "cmsgpack", "math", "table", "struct",
  "redis", "__redis__err__handler",
  "xpcall", "tostring", "setmetatable", "next", "assert", "tonumber", "rawequal", "collectgarbage",
  "getmetatable", "rawset", "pcall", "coroutine", "type", "_G", "select", "unpack", "gcinfo", "pairs",
  "rawget", "loadstring", "ipairs", "_VERSION", "load", "error",
  NULL,
};

static int globals_newindex(lua_State *L) {
  const char *name = lua_tostring(L, 2);
  if (name) {
    for (const char *const *allowed = allowed_globals; *allowed; allowed++) {
      if (strcmp(*allowed, name) == 0) {
        lua_rawset(L, 1);
        return 0;
      }
    }
  }
  return 0;
}

static int nonexistent_global(lua_State *L) {
  if (lua_gettop(L) != 2) luaL_error(L, "Wrong number of arguments to luaProtectedTableError");
  if (!lua_isstring(L, -1) && !lua_isnumber(L, -1)) {
    luaL_error(L, "Second argument to luaProtectedTableError must be a string or number");
  }
  return luaL_error(L, "Script attempted to access nonexistent global variable '%s'", lua_tostring(L, -1));
}

static void set_error_metatable(lua_State *L) {
  lua_newtable(L);
  lua_pushcfunction(L, nonexistent_global);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
}

static void protect_recursively(lua_State *L) {
  if (lua_isreadonlytable(L, -1)) return;
  lua_enablereadonlytable(L, -1, 1);
  lua_checkstack(L, 2);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    if (lua_istable(L, -1)) protect_recursively(L);
    lua_pop(L, 1);
  }
  if (lua_getmetatable(L, -1)) {
    protect_recursively(L);
    lua_pop(L, 1);
  }
}

static void protect_basic_type_metatables(lua_State *L) {
  lua_pushliteral(L, "");
  if (lua_getmetatable(L, -1)) {
    protect_recursively(L);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static void open_library(lua_State *L, const char *name, lua_CFunction open) {
  lua_pushcfunction(L, open);
  lua_pushstring(L, name);
  lua_call(L, 1, 0);
}

static void set_function(lua_State *L, const char *name, lua_CFunction function) {
  lua_pushcfunction(L, function);
  lua_setfield(L, -2, name);
}

static void set_number(lua_State *L, const char *name, lua_Number value) {
  lua_pushnumber(L, value);
  lua_setfield(L, -2, name);
}

static void register_log_and_version(lua_State *L) {
  set_function(L, "log", redis_log);
  set_number(L, "LOG_DEBUG", 0);
  set_number(L, "LOG_VERBOSE", 1);
  set_number(L, "LOG_NOTICE", 2);
  set_number(L, "LOG_WARNING", 3);
  set_number(L, "REDIS_VERSION_NUM", 0x07000f);
  lua_pushliteral(L, "7.0.15");
  lua_setfield(L, -2, "REDIS_VERSION");
}

/* luaRegisterRedisAPI: libraries, Redis's pcall, the redis table, the PRNG. */
static void register_redis_api(lua_State *L) {
  lua_pushvalue(L, LUA_GLOBALSINDEX);
  lua_newtable(L);
  lua_pushcfunction(L, globals_newindex);
  lua_setfield(L, -2, "__newindex");
  lua_setmetatable(L, -2);
  lua_pop(L, 1);

  open_library(L, "", luaopen_base);
  open_library(L, LUA_TABLIBNAME, luaopen_table);
  open_library(L, LUA_STRLIBNAME, luaopen_string);
  open_library(L, LUA_MATHLIBNAME, luaopen_math);
  open_library(L, "cjson", luaopen_cjson);
  open_library(L, "struct", ballast_open_struct);
  open_library(L, "cmsgpack", ballast_open_cmsgpack);
  open_library(L, "bit", ballast_open_bit);

  lua_pushcfunction(L, base_pcall);
  lua_setglobal(L, "pcall");
  lua_pushcfunction(L, base_xpcall);
  lua_setglobal(L, "xpcall");
  lua_getglobal(L, "coroutine");
  set_function(L, "yield", coroutine_yield);
  set_function(L, "running", coroutine_running);
  set_function(L, "status", coroutine_status);
  lua_pop(L, 1);

  lua_newtable(L);
  set_function(L, "call", redis_call);
  set_function(L, "pcall", redis_pcall);
  register_log_and_version(L);
  set_function(L, "setresp", redis_setresp);
  set_function(L, "sha1hex", redis_sha1hex);
  set_function(L, "error_reply", redis_error_reply);
  set_function(L, "status_reply", redis_status_reply);
  set_function(L, "set_repl", redis_set_repl);
  set_number(L, "REPL_NONE", 0);
  set_number(L, "REPL_AOF", 1);
  set_number(L, "REPL_SLAVE", 2);
  set_number(L, "REPL_REPLICA", 2);
  set_number(L, "REPL_ALL", 3);
  set_function(L, "acl_check_cmd", redis_acl_check_cmd);
  lua_setglobal(L, "redis");

  lua_getglobal(L, "math");
  set_function(L, "random", math_random);
  set_function(L, "randomseed", math_randomseed);
  lua_pop(L, 1);
}

static void init_eval_vm(lua_State *L) {
  register_redis_api(L);
  lua_getglobal(L, "redis");
  set_function(L, "breakpoint", redis_breakpoint);
  set_function(L, "debug", redis_debug);
  set_function(L, "replicate_commands", redis_replicate_commands);
  lua_pop(L, 1);
  lua_pushcfunction(L, error_handler);
  lua_setglobal(L, "__redis__err__handler");

  lua_pushvalue(L, LUA_GLOBALSINDEX);
  set_error_metatable(L);
  protect_recursively(L);
  lua_pop(L, 1);
  protect_basic_type_metatables(L);
}

#define LIBRARY_API "ballast.library_api"
#define GLOBALS_API "ballast.globals_api"

static void init_functions_vm(lua_State *L) {
  register_redis_api(L);

  /* What library code sees while it loads: only redis.register_function, log and version. */
  lua_newtable(L);
  lua_newtable(L);
  set_function(L, "register_function", ballast_register_function);
  register_log_and_version(L);
  set_error_metatable(L);
  lua_setfield(L, -2, "redis");
  set_error_metatable(L);
  protect_recursively(L);
  lua_setfield(L, LUA_REGISTRYINDEX, LIBRARY_API);

  lua_pushvalue(L, LUA_GLOBALSINDEX);
  set_error_metatable(L);
  protect_recursively(L);
  lua_pop(L, 1);
  lua_pushvalue(L, LUA_GLOBALSINDEX);
  lua_setfield(L, LUA_REGISTRYINDEX, GLOBALS_API);

  /* An empty readonly globals table whose metatable points at the API of the moment. */
  lua_newtable(L);
  lua_newtable(L);
  lua_pushvalue(L, LUA_GLOBALSINDEX);
  lua_setfield(L, -2, "__index");
  lua_enablereadonlytable(L, -1, 1);
  lua_setmetatable(L, -2);
  lua_enablereadonlytable(L, -1, 1);
  lua_replace(L, LUA_GLOBALSINDEX);

  protect_basic_type_metatables(L);
}

EXPORT(vm_create) int vm_create(int mode, int seed) {
  vm_mode = mode;
  memory_used = 0;
  random_seed(seed);
  lua_State *L = lua_newstate(counting_alloc, NULL);
  if (!L) return 0;
  thread_kind(L) = THREAD_ROOT;
  vm = L;
  if (mode == MODE_EVAL) init_eval_vm(L);
  else init_functions_vm(L);
  lua_settop(L, 0);
  return 1;
}

EXPORT(ref_release) void ref_release(int ref) { luaL_unref(vm, LUA_REGISTRYINDEX, ref); }

/* ----------------------------------------------------------------------------------------- */
/* EVAL scripts.                                                                              */

/* Compiles the body in the io buffer as chunk "@user_script". Returns the function's registry
 * reference (> 0), or -1 with the error text in the io buffer (length in io_length). */
EXPORT(script_define) int script_define(size_t body_length) {
  lua_State *L = vm;
  const char *body = (const char *)io_bytes;
  if (luaL_loadbuffer(L, body, body_length, "@user_script")) {
    size_t length;
    const char *message = lua_tolstring(L, -1, &length);
    io_length = 0;
    io_text(message ? message : "", message ? length : 0);
    lua_pop(L, 1);
    return -1;
  }
  return luaL_ref(L, LUA_REGISTRYINDEX);
}

EXPORT(io_written) size_t io_written(void) { return io_length; }

/* ----------------------------------------------------------------------------------------- */
/* FUNCTION libraries.                                                                        */

/* Functions registered by the library being loaded: {name, ref, flags, description}. */
static int pending_count;

static int flag_bit(const char *flag) {
  static const char *const names[] = { "no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys", NULL };
  for (int i = 0; names[i]; i++) {
    if (strcasecmp(names[i], flag) == 0) return 1 << i;
  }
  return 0;
}

static int read_flags(lua_State *L, int *flags) {
  /* Top: the flags table. */
  *flags = 0;
  for (int j = 1;; j++) {
    lua_pushnumber(L, j);
    lua_gettable(L, -2);
    if (lua_type(L, -1) == LUA_TNIL) {
      lua_pop(L, 1);
      return 1;
    }
    if (!lua_isstring(L, -1)) {
      lua_pop(L, 1);
      return 0;
    }
    int bit = flag_bit(lua_tostring(L, -1));
    lua_pop(L, 1);
    if (!bit) return 0;
    *flags |= bit;
  }
}

static int valid_function_name(const char *name, size_t length) {
  if (length == 0) return 0;
  for (size_t i = 0; i < length; i++) {
    char c = name[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return 0;
  }
  return 1;
}

/* The pending registrations live in a registry table: array of {name, fn, flags, desc}. */
#define PENDING "ballast.pending"

static int register_named(lua_State *L, const char **error) {
  if (!lua_istable(L, 1)) {
    *error = "calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).";
    return 0;
  }
  int have_name = 0, have_callback = 0, flags = 0;
  lua_settop(L, 1);
  lua_pushnil(L); /* 2: name */
  lua_pushnil(L); /* 3: description */
  lua_pushnil(L); /* 4: callback */
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    if (!lua_isstring(L, -2)) {
      *error = "named argument key given to redis.register_function is not a string";
      return 0;
    }
    const char *key = lua_tostring(L, -2);
    if (strcasecmp(key, "function_name") == 0) {
      if (!lua_isstring(L, -1)) {
        *error = "function_name argument given to redis.register_function must be a string";
        return 0;
      }
      lua_pushvalue(L, -1);
      lua_tostring(L, -1);
      lua_replace(L, 2);
      have_name = 1;
    } else if (strcasecmp(key, "description") == 0) {
      if (!lua_isstring(L, -1)) {
        *error = "description argument given to redis.register_function must be a string";
        return 0;
      }
      lua_pushvalue(L, -1);
      lua_tostring(L, -1);
      lua_replace(L, 3);
    } else if (strcasecmp(key, "callback") == 0) {
      if (!lua_isfunction(L, -1)) {
        *error = "callback argument given to redis.register_function must be a function";
        return 0;
      }
      lua_pushvalue(L, -1);
      lua_replace(L, 4);
      have_callback = 1;
    } else if (strcasecmp(key, "flags") == 0) {
      if (!lua_istable(L, -1)) {
        *error = "flags argument to redis.register_function must be a table representing function flags";
        return 0;
      }
      if (!read_flags(L, &flags)) {
        *error = "unknown flag given";
        return 0;
      }
    } else {
      *error = "unknown argument given to redis.register_function";
      return 0;
    }
    lua_pop(L, 1);
  }
  if (!have_name) {
    *error = "redis.register_function must get a function name argument";
    return 0;
  }
  if (!have_callback) {
    *error = "redis.register_function must get a callback argument";
    return 0;
  }
  lua_pushnumber(L, flags); /* 5 */
  return 1;
}

static int register_positional(lua_State *L, const char **error) {
  if (!lua_isstring(L, 1)) {
    *error = "first argument to redis.register_function must be a string";
    return 0;
  }
  if (!lua_isfunction(L, 2)) {
    *error = "second argument to redis.register_function must be a function";
    return 0;
  }
  lua_settop(L, 2);
  lua_tostring(L, 1);
  lua_pushvalue(L, 1);   /* 3: name */
  lua_pushnil(L);        /* 4: description */
  lua_pushvalue(L, 2);   /* 5: callback */
  lua_pushnumber(L, 0);  /* 6: flags */
  lua_remove(L, 1);
  lua_remove(L, 1);      /* 1 name, 2 description, 3 callback, 4 flags */
  lua_pushnil(L);
  lua_insert(L, 1);      /* 1 nil, 2 name, 3 description, 4 callback, 5 flags */
  return 1;
}

int ballast_register_function(lua_State *L) {
  if (!in_load) return raise_error(L, "redis.register_function can only be called on FUNCTION LOAD command");
  int argc = lua_gettop(L);
  const char *error = NULL;
  int ok;
  if (argc < 1 || argc > 2) {
    error = "wrong number of arguments to redis.register_function";
    ok = 0;
  } else if (argc == 1) {
    ok = register_named(L, &error);
  } else {
    ok = register_positional(L, &error);
  }
  if (!ok) return raise_error(L, error);
  /* Stack: 2 name, 3 description, 4 callback, 5 flags. */
  size_t name_length;
  const char *name = lua_tolstring(L, 2, &name_length);
  if (!valid_function_name(name, name_length)) {
    return raise_error(L, "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
  }
  lua_getfield(L, LUA_REGISTRYINDEX, PENDING);
  for (int i = 1; i <= pending_count; i++) {
    lua_rawgeti(L, -1, i);
    lua_rawgeti(L, -1, 1);
    int same = strcmp(lua_tostring(L, -1), name) == 0;
    lua_pop(L, 2);
    if (same) return raise_error(L, "Function already exists in the library");
  }
  lua_createtable(L, 4, 0);
  lua_pushstring(L, name); /* the C string view, as Redis keeps the name */
  lua_rawseti(L, -2, 1);
  lua_pushvalue(L, 4);
  lua_rawseti(L, -2, 2);
  lua_pushvalue(L, 5);
  lua_rawseti(L, -2, 3);
  if (lua_isstring(L, 3)) {
    lua_pushstring(L, lua_tostring(L, 3));
    lua_rawseti(L, -2, 4);
  }
  lua_rawseti(L, -2, ++pending_count);
  lua_pop(L, 1);
  return 0;
}

static void set_globals_index(lua_State *L, const char *api) {
  lua_getmetatable(L, LUA_GLOBALSINDEX);
  lua_enablereadonlytable(L, -1, 0);
  lua_getfield(L, LUA_REGISTRYINDEX, api);
  lua_setfield(L, -2, "__index");
  lua_enablereadonlytable(L, -1, 1);
  lua_pop(L, 1);
}

/* Loads library code from the io buffer. Returns the number of registered functions (io buffer:
 * for each, u32 name length + name, u32 ref, u32 flags, u32 description length or 0xffffffff +
 * description), or -1 (compile error) / -2 (runtime error) with the message in the io buffer. */
EXPORT(library_load) int library_load(size_t code_length) {
  lua_State *L = vm;
  int result;
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, PENDING);
  pending_count = 0;
  set_globals_index(L, LIBRARY_API);
  if (luaL_loadbuffer(L, (const char *)io_bytes, code_length, "@user_function")) {
    size_t length;
    const char *message = lua_tolstring(L, -1, &length);
    io_length = 0;
    io_text(message, length);
    lua_pop(L, 1);
    result = -1;
  } else {
    in_load = 1;
    load_timed_out = 0;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, CHECKPOINT_INSTRUCTIONS);
    int status = lua_pcall(L, 0, 0, 0);
    lua_sethook(L, NULL, 0, 0);
    in_load = 0;
    if (status) {
      /* luaExtractErrorInformation: a string error is "ERR <text>", a table gives its err. */
      io_length = 0;
      if (lua_isstring(L, -1)) {
        lua_pushliteral(L, "ERR ");
        lua_pushvalue(L, -2);
        lua_concat(L, 2);
        io_cstring(lua_tostring(L, -1));
        lua_pop(L, 1);
      } else if (lua_istable(L, -1)) {
        lua_getfield(L, -1, "err");
        io_cstring(lua_isstring(L, -1) ? lua_tostring(L, -1) : "");
        lua_pop(L, 1);
      } else {
        io_cstring("");
      }
      lua_pop(L, 1);
      result = -2;
    } else {
      io_length = 0;
      lua_getfield(L, LUA_REGISTRYINDEX, PENDING);
      for (int i = 1; i <= pending_count; i++) {
        lua_rawgeti(L, -1, i);
        lua_rawgeti(L, -1, 1);
        io_cstring(lua_tostring(L, -1));
        lua_pop(L, 1);
        lua_rawgeti(L, -1, 2);
        io_u32((uint32_t)luaL_ref(L, LUA_REGISTRYINDEX));
        lua_rawgeti(L, -1, 3);
        io_u32((uint32_t)lua_tonumber(L, -1));
        lua_pop(L, 1);
        lua_rawgeti(L, -1, 4);
        if (lua_isstring(L, -1)) io_cstring(lua_tostring(L, -1));
        else io_u32(0xffffffffu);
        lua_pop(L, 2);
      }
      lua_pop(L, 1);
      result = pending_count;
    }
  }
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, PENDING);
  set_globals_index(L, GLOBALS_API);
  lua_settop(L, 0);
  return result;
}

/* ----------------------------------------------------------------------------------------- */
/* Runs.                                                                                      */

/* Pushes a table of the strings in the io buffer at *at (u32 count, then u32 length + bytes). */
static void push_string_array(lua_State *L, const unsigned char **at) {
  uint32_t count;
  memcpy(&count, *at, 4);
  *at += 4;
  lua_createtable(L, (int)count, 0);
  for (uint32_t i = 0; i < count; i++) {
    uint32_t length;
    memcpy(&length, *at, 4);
    *at += 4;
    lua_pushlstring(L, (const char *)*at, length);
    *at += length;
    lua_rawseti(L, -2, (int)i + 1);
  }
}

static lua_State *root_thread(void) {
  lua_State *L = vm;
  if (root_ref != LUA_NOREF) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, root_ref);
    lua_State *root = lua_tothread(L, -1);
    lua_pop(L, 1);
    if (root && lua_status(root) == 0 && lua_gettop(root) == 0 && root->ci == root->base_ci) return root;
    luaL_unref(L, LUA_REGISTRYINDEX, root_ref);
    root_ref = LUA_NOREF;
  }
  lua_State *root = lua_newthread(L);
  thread_kind(root) = THREAD_ROOT;
  root_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  return root;
}

/* Prepares a run of the function with registry reference `ref`; keys and arguments are in the
 * io buffer. EVAL sets the KEYS and ARGV globals; a FUNCTION gets them as its two arguments. */
EXPORT(run_start) void run_start(int ref, int caller_resp_unused) {
  (void)caller_resp_unused;
  lua_State *L = vm;
  lua_State *root = root_thread();
  const unsigned char *at = io_bytes;
  script_resp = 2;
  yield_owed = 0;
  in_run = 1;
  chain[0].thread = root;
  chain[0].kind = 0;
  chain_length = 1;
  lua_sethook(root, count_hook, LUA_MASKCOUNT, CHECKPOINT_INSTRUCTIONS);
  lua_settop(root, 0);
  lua_pushcfunction(root, error_handler);
  root->errfunc = savestack(root, root->base);
  lua_rawgeti(root, LUA_REGISTRYINDEX, ref);
  chain[0].yieldable = !lua_iscfunction(root, -1);
  if (vm_mode == MODE_EVAL) {
    push_string_array(L, &at);
    lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 0);
    lua_setglobal(L, "KEYS");
    push_string_array(L, &at);
    lua_setglobal(L, "ARGV");
    lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 1);
    pending_arguments = 0;
  } else {
    push_string_array(root, &at);
    push_string_array(root, &at);
    pending_arguments = 2;
  }
}

static void finish_run(int status) {
  lua_State *root = chain[0].thread;
  io_length = 0;
  result_depth = 0;
  if (status == 0) {
    if (lua_gettop(root) >= 2) lua_pushvalue(root, 2);
    else lua_pushnil(root);
    write_value(root);
  } else if (lua_istable(root, -1)) {
    /* 'E', counted flag, message, source, line (u32 0xffffffff when absent). */
    io_u8('E');
    io_u8(error_already_counted(root));
    lua_getfield(root, -1, "err");
    io_cstring(lua_isstring(root, -1) ? lua_tostring(root, -1) : "");
    lua_pop(root, 1);
    lua_getfield(root, -1, "source");
    if (lua_isstring(root, -1)) io_cstring(lua_tostring(root, -1));
    else io_u32(0xffffffffu);
    lua_pop(root, 1);
    lua_getfield(root, -1, "line");
    if (lua_isstring(root, -1)) io_cstring(lua_tostring(root, -1));
    else io_u32(0xffffffffu);
    lua_pop(root, 1);
  } else {
    io_u8('R');
    const char *message = lua_tostring(root, -1);
    io_cstring(message ? message : "execution failure");
  }
  root->errfunc = 0;
  lua_settop(root, 0);
  chain_length = 0;
  in_run = 0;
}

/* Runs until the script finishes (0: result in the io buffer) or is suspended (1). */
EXPORT(run_step) int run_step(void) {
  int arguments = pending_arguments;
  pending_arguments = 0;
  in_run = 1;
  for (;;) {
    ChainEntry *top = &chain[chain_length - 1];
    int status = lua_resume(top->thread, arguments);
    if (status == LUA_YIELD) return 1;
    if (chain_length == 1) {
      finish_run(status);
      return 0;
    }
    ChainEntry done = chain[--chain_length];
    lua_State *parent = chain[chain_length - 1].thread;
    arguments = finish_protected(parent, done.thread, status, done.kind);
  }
}

/* Abandons the suspended run (SCRIPT KILL): its threads become garbage. Returns the line the
 * innermost Lua function stopped at (-1 when unknown; its source is then in the io buffer). */
EXPORT(run_abort) int run_abort(void) {
  int line = -1;
  io_length = 0;
  if (chain_length > 0) {
    lua_Debug info;
    lua_State *inner = chain[chain_length - 1].thread;
    /* A hook yield leaves savedpc on the interrupted instruction, one before where the debug
     * API expects it; the thread is abandoned, so point it past for the line number. */
    if (lua_status(inner) == LUA_YIELD && isLua(inner->ci)) inner->savedpc++;
    if (lua_getstack(inner, 0, &info) && lua_getinfo(inner, "Sl", &info)) {
      line = info.currentline;
      io_cstring(info.source);
    }
  }
  if (root_ref != LUA_NOREF) {
    luaL_unref(vm, LUA_REGISTRYINDEX, root_ref);
    root_ref = LUA_NOREF;
  }
  chain_length = 0;
  in_run = 0;
  yield_owed = 0;
  return line;
}

EXPORT(gc_step) void gc_step(int steps) { lua_gc(vm, LUA_GCSTEP, steps); }
EXPORT(gc_full) void gc_full(void) { lua_gc(vm, LUA_GCCOLLECT, 0); }
