/*
 * Ballast's Lua runtime: runs that can suspend. A script runs on the root thread; pcall and
 * xpcall run their function on a thread of their own, kept in a chain (root first) while it may
 * yield; the count hook asks the host at every checkpoint and suspends the chain's top when it
 * is told to and can; run_step resumes the innermost thread and hands each finished protected
 * call's results to its caller. Also EVAL's compile step and the run exports.
 */
#include "ballast_vm.h"

int in_run, in_load, load_timed_out;
int script_resp = 2;
ChainEntry chain[CHAIN_MAX];
int chain_length;
int yield_owed;
static int pending_arguments;
static int root_ref = LUA_NOREF;

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
  /* Suspending this pcall means yielding L from here, which Lua 5.1 can resume only when the
   * caller is a Lua function (not when pcall is L's own body, e.g. pcall(pcall, f)). */
  int transparent = chain_top_is(L) && chain_length < CHAIN_MAX && isLua(L->ci - 1);
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

int base_pcall(lua_State *L) {
  if (lua_gettop(L) == 0) {
    /* Redis's pcall then calls the boolean it pushed as the result placeholder. */
    lua_pushboolean(L, 0);
    lua_pushliteral(L, "attempt to call a boolean value");
    return 2;
  }
  return run_protected(L, KIND_PCALL);
}

int base_xpcall(lua_State *L) {
  luaL_checkany(L, 2);
  return run_protected(L, KIND_XPCALL);
}

/* The innermost thread that a script could see as "running" (the runtime's threads are the
 * main thread to the script, as in Redis where scripts run on the main state). */
static int is_runtime_thread(lua_State *L) { return thread_kind(L) != THREAD_USER; }

int coroutine_yield(lua_State *L) {
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

int coroutine_running(lua_State *L) {
  lua_State *visible = visible_thread(L);
  if (visible == NULL) {
    lua_pushnil(L);
  } else {
    lua_pushthread(visible);
    lua_xmove(visible, L, 1);
  }
  return 1;
}

int coroutine_status(lua_State *L) {
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

static void try_yield(lua_State *L) {
  if (chain_top_is(L)) {
    yield_owed = 0;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, CHECKPOINT_INSTRUCTIONS);
    lua_yield(L, 0);
  } else {
    lua_sethook(L, count_hook, LUA_MASKCOUNT, RETRY_INSTRUCTIONS);
  }
}

void count_hook(lua_State *L, lua_Debug *ar) {
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

