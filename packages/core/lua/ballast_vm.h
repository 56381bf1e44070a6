/*
 * Ballast's Lua runtime (shared declarations): one Lua 5.1 VM per WebAssembly instance, set up as Redis 7.0 sets up
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
#ifndef BALLAST_VM_H
#define BALLAST_VM_H
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

#define LIBRARY_API "ballast.library_api"
#define GLOBALS_API "ballast.globals_api"

/* The VM (ballast_api.c). */
extern lua_State *vm;
extern int vm_mode;

/* The run in progress (ballast_run.c) and the library being loaded (ballast_library.c). */
extern int in_run, in_load, load_timed_out;
extern int script_resp;
extern ChainEntry chain[CHAIN_MAX];
extern int chain_length;
extern int yield_owed;

/* ballast_convert.c: the io buffer, memory accounting, error tables, value conversions. */
extern unsigned char *io_bytes;
extern size_t io_capacity, io_length;
extern size_t memory_used, memory_limit;
unsigned char *io_reserve(size_t bytes);
void io_u8(unsigned char value);
void io_u32(uint32_t value);
void io_cstring(const char *text);
void io_text(const char *text, size_t length);
void *counting_alloc(void *ud, void *block, size_t old_size, size_t new_size);
void push_error_table(lua_State *L, const char *text, size_t length);
void push_error(lua_State *L, const char *message);
int raise_error(lua_State *L, const char *message);
int error_handler(lua_State *L);
unsigned char error_already_counted(lua_State *L);
extern int result_depth;
void write_value(lua_State *L);
typedef struct { const unsigned char *at; const unsigned char *end; } Reader;
void read_value(lua_State *L, Reader *r);

/* ballast_api.c: the redis table, math.random, the sandbox. */
void random_seed(int32_t seed);
void set_error_metatable(lua_State *L);
void protect_recursively(lua_State *L);
void set_function(lua_State *L, const char *name, lua_CFunction function);

/* ballast_run.c: yieldable pcall/xpcall, coroutine views, the count hook. */
int base_pcall(lua_State *L);
int base_xpcall(lua_State *L);
int coroutine_yield(lua_State *L);
int coroutine_running(lua_State *L);
int coroutine_status(lua_State *L);
void count_hook(lua_State *L, lua_Debug *ar);

#endif

