using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CimSim.Workloads.Functional;

/// <summary>
/// One bit per lane for 64, 256 or 512 lanes at once: the word of <see cref="BitSlicedLayer"/>'s bit-plane arithmetic.
/// A struct per width, so the JIT compiles each use for its width.
/// </summary>
internal interface IBitLanes<T> where T : unmanaged
{
    /// <summary>64-bit words per value.</summary>
    static abstract int Words { get; }
    static abstract T Zero { get; }
    static abstract T Ones { get; }
    static abstract T Load(ref ulong at);
    static abstract void Store(ref ulong at, T v);
    static abstract T And(T a, T b);
    static abstract T Or(T a, T b);
    static abstract T Xor(T a, T b);
    static abstract T Not(T a);
    /// <summary>a ⊕ b ⊕ c, the sum bit of a full adder.</summary>
    static abstract T Xor3(T a, T b, T c);
    /// <summary>The majority of a, b and c, the carry bit of a full adder.</summary>
    static abstract T Majority(T a, T b, T c);
    static abstract bool IsZero(T a);
}

internal readonly struct Lanes64 : IBitLanes<ulong>
{
    public static int Words => 1;
    public static ulong Zero => 0;
    public static ulong Ones => ~0UL;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Load(ref ulong at) => at;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(ref ulong at, ulong v) => at = v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong And(ulong a, ulong b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Or(ulong a, ulong b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Xor(ulong a, ulong b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Not(ulong a) => ~a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Xor3(ulong a, ulong b, ulong c) => a ^ b ^ c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Majority(ulong a, ulong b, ulong c) => (a & b) | (c & (a ^ b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool IsZero(ulong a) => a == 0;
}

internal readonly struct Lanes256 : IBitLanes<Vector256<ulong>>
{
    // Truth tables of VPTERNLOG (operand bits a = 0xF0, b = 0xCC, c = 0xAA): odd parity 0x96, majority 0xE8.
    private const byte Xor3Table = 0x96, MajorityTable = 0xE8;
    public static int Words => 4;
    public static Vector256<ulong> Zero => Vector256<ulong>.Zero;
    public static Vector256<ulong> Ones => Vector256<ulong>.AllBitsSet;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Load(ref ulong at) => Vector256.LoadUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(ref ulong at, Vector256<ulong> v) => v.StoreUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> And(Vector256<ulong> a, Vector256<ulong> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Or(Vector256<ulong> a, Vector256<ulong> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Xor(Vector256<ulong> a, Vector256<ulong> b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Not(Vector256<ulong> a) => ~a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Xor3(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.TernaryLogic(a, b, c, Xor3Table) : a ^ b ^ c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Majority(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.TernaryLogic(a, b, c, MajorityTable) : (a & b) | (c & (a ^ b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool IsZero(Vector256<ulong> a) => a == Vector256<ulong>.Zero;
}

internal readonly struct Lanes512 : IBitLanes<Vector512<ulong>>
{
    private const byte Xor3Table = 0x96, MajorityTable = 0xE8;
    public static int Words => 8;
    public static Vector512<ulong> Zero => Vector512<ulong>.Zero;
    public static Vector512<ulong> Ones => Vector512<ulong>.AllBitsSet;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Load(ref ulong at) => Vector512.LoadUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(ref ulong at, Vector512<ulong> v) => v.StoreUnsafe(ref at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> And(Vector512<ulong> a, Vector512<ulong> b) => a & b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Or(Vector512<ulong> a, Vector512<ulong> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Xor(Vector512<ulong> a, Vector512<ulong> b) => a ^ b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Not(Vector512<ulong> a) => ~a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Xor3(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c) => Avx512F.TernaryLogic(a, b, c, Xor3Table);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Majority(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c) => Avx512F.TernaryLogic(a, b, c, MajorityTable);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool IsZero(Vector512<ulong> a) => a == Vector512<ulong>.Zero;
}
