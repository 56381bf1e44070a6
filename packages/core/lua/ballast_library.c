/*
 * Ballast's Lua runtime: FUNCTION libraries. Library code runs once on the FUNCTION VM with only
 * redis.register_function, redis.log and the version fields visible (Redis's library API), under
 * the count hook that aborts it with "FUNCTION LOAD timeout"; the registered functions are
 * handed to the host as registry references.
 */
#include "ballast_vm.h"

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

