/*
 * Ballast: appended to Lua 5.1.5's luaconf.h by scripts/build-lua-wasm.sh.
 *
 * WebAssembly (wasm32-wasi) has no setjmp/longjmp here, so Lua's error handling goes through
 * the host: luaD_rawrunprotected calls the import `protected_call(L, f, ud)`, which invokes f
 * through the exported function table inside a JavaScript try/catch, and luaD_throw calls the
 * import `throw`, which throws the one value that catch recognises. The C shadow stack pointer
 * is restored by the host on catch.
 *
 * Numbers convert to integers as on the x86-64 build Redis ships: lua_Integer is 64-bit, and a
 * double outside the integer range (or NaN) converts to the "integer indefinite" value
 * (INT64_MIN / INT32_MIN) instead of trapping.
 */
#undef LUAI_THROW
#undef LUAI_TRY
#undef luai_jmpbuf
struct lua_State;
__attribute__((import_module("ballast"), import_name("throw"))) void ballast_throw(void);
__attribute__((import_module("ballast"), import_name("protected_call")))
int ballast_protected_call(struct lua_State *L, void (*f)(struct lua_State *, void *), void *ud);
#define LUAI_THROW(L,c) ballast_throw()
#define LUAI_TRY(L,c,a) if (ballast_protected_call(L, f, ud) != 0 && (c)->status == 0) (c)->status = -1;
#define luai_jmpbuf int

static inline long long ballast_number_to_int64(double d) {
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) return (long long)d;
  return (long long)0x8000000000000000ULL;
}
static inline unsigned long long ballast_number_to_uint64(double d) {
  if (d < 9223372036854775808.0) return (unsigned long long)ballast_number_to_int64(d);
  return (unsigned long long)ballast_number_to_int64(d - 9223372036854775808.0) ^ 0x8000000000000000ULL;
}
static inline int ballast_number_to_int32(double d) {
  if (d > -2147483649.0 && d < 2147483648.0) return (int)d;
  return (int)0x80000000U;
}

#undef LUA_INTEGER
#define LUA_INTEGER long long
#undef LUA_INTFRMLEN
#define LUA_INTFRMLEN "ll"
#undef LUA_INTFRM_T
#define LUA_INTFRM_T long long
#undef lua_number2int
#define lua_number2int(i,d) ((i) = ballast_number_to_int32(d))
#undef lua_number2integer
#define lua_number2integer(i,d) ((i) = ballast_number_to_int64(d))

/* Eight bytes per thread, before the lua_State: which threads the runtime manages (ballast_vm.h). */
#undef LUAI_EXTRASPACE
#define LUAI_EXTRASPACE 8
#undef luai_userstateopen
#define luai_userstateopen(L) (*((unsigned char *)(L) - LUAI_EXTRASPACE) = 0)
#undef luai_userstatethread
#define luai_userstatethread(L,L1) (*((unsigned char *)(L1) - LUAI_EXTRASPACE) = 0)
