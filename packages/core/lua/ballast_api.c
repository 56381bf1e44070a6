/*
 * Ballast's Lua runtime: the VM as Redis 7.0 sets it up — libraries, Redis's pcall, the redis
 * table (redis.call and friends), math.random on lrand48, the allow-listed and then readonly
 * globals — for the EVAL VM and for the FUNCTION VM.
 */
#include "ballast_vm.h"

lua_State *vm;
int vm_mode;
static uint64_t random_state;

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

void random_seed(int32_t seed) {
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

void set_error_metatable(lua_State *L) {
  lua_newtable(L);
  lua_pushcfunction(L, nonexistent_global);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
}

void protect_recursively(lua_State *L) {
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

void set_function(lua_State *L, const char *name, lua_CFunction function) {
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

