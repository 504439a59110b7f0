using static TorchSharp.torch;

namespace CimSim.Training.Quantization;

/// <summary>
/// Straight-through building blocks (the detach trick): the forward value is the first argument's, the
/// gradient is the second's. Rounding is half away from zero, as the compiler's quantizers round.
/// </summary>
internal static class Ste
{
    /// <summary>Forward <paramref name="value"/> exactly (it adds surrogate − surrogate, an exact 0), backward through
    /// <paramref name="surrogate"/>. (The usual surrogate + (value − surrogate).detach() rounds: 3.0 can come out 3.0000002.)</summary>
    public static Tensor Pass(Tensor value, Tensor surrogate) => value.detach() + (surrogate - surrogate.detach());

    /// <summary>Round half away from zero, identity gradient.</summary>
    public static Tensor Round(Tensor x) => Pass(RoundHalfAway(x.detach()), x);

    /// <summary>Round half away from zero (no gradient).</summary>
    public static Tensor RoundHalfAway(Tensor x) => x.sign() * (x.abs() + 0.5).floor();

    /// <summary>LSQ gradient scaling: forward <paramref name="s"/>, gradient × <paramref name="g"/>.</summary>
    public static Tensor GradScale(Tensor s, double g) => Pass(s, s * g);
}

/// <summary>
/// Learned step size quantization (Esser et al., ICLR 2020): v = clamp(x / s, −Qn, Qp), rounded with a
/// straight-through estimator; the step s gets the gradient of the rounding error scaled by 1/√(N·Qp).
/// Returns the integer values (as floats) and the gradient-scaled step; the real value is integers × step, and
/// the caller must multiply by the returned step for the step's gradient to be LSQ's.
/// </summary>
internal static class Lsq
{
    public static (Tensor Integers, Tensor Step) Quantize(Tensor x, Tensor step, double qn, double qp, long elements)
    {
        double g = 1.0 / Math.Sqrt(Math.Max(1, elements) * qp);
        var s = Ste.GradScale(step, g);
        return (Ste.Round((x / s).clamp(-qn, qp)), s);
    }

    /// <summary>The LSQ initial step 2·mean|x|/√Qp.</summary>
    public static double InitialStep(Tensor x, double qp)
    {
        double m = x.detach().abs().mean().item<float>();
        return Math.Max(2 * m / Math.Sqrt(qp), 1e-8);
    }
}
