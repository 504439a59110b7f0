namespace CimSim.Simulator.Replay;

/// <summary>
/// The pipeline of one crossbar as a blocking flow shop: <c>n</c> stages (analog read → readout → digital
/// post-processing), one item (a crossbar read) per stage, no buffer between stages. An item enters stage 0
/// when it has arrived and stage 0 is empty; it leaves stage i when it has finished there and stage i+1 is
/// empty (the previous item left it). With D_i(r) the time item r leaves stage i:
/// <code>
///   enter_0(r) = max(arrival(r), D_0(r−1))
///   F_i(r)     = enter_i(r) + d_i(r)
///   D_i(r)     = max(F_i(r), D_{i+1}(r−1))   (i &lt; n−1);   D_{n−1}(r) = F_{n−1}(r)
///   enter_{i+1}(r) = D_i(r)
/// </code>
/// This is the exact event compression of <see cref="DetailedCrossbarPipelines"/>, which simulates the same
/// rule event by event; tests require both to agree to the picosecond.
/// </summary>
public struct FlowShop
{
    /// <summary>Stages in every crossbar pipeline.</summary>
    public const int Stages = 3;

    private long _d0, _d1, _d2; // departure times of the last item from each stage

    /// <summary>Pushes one item through; returns the time it leaves the last stage.</summary>
    public long Process(long arrivalPs, long d0, long d1, long d2)
    {
        long enter0 = Math.Max(arrivalPs, _d0);
        long dep0 = Math.Max(enter0 + d0, _d1);
        long dep1 = Math.Max(dep0 + d1, _d2);
        long dep2 = dep1 + d2;
        _d0 = dep0; _d1 = dep1; _d2 = dep2;
        return dep2;
    }

    /// <summary>
    /// Pushes <paramref name="count"/> identical items, all arrived at <paramref name="arrivalPs"/>, through; the same
    /// state as <paramref name="count"/> calls of <see cref="Process"/>. After an item, stage 0 is busy past the
    /// arrival, so the next item's recurrence is max-plus and homogeneous in the state: once one item moves all three
    /// departure times by the same Δ, every further item does too, and the rest are jumped in one step.
    /// </summary>
    public void ProcessRepeated(long arrivalPs, long d0, long d1, long d2, int count)
    {
        for (int r = 0; r < count; r++)
        {
            long p0 = _d0, p1 = _d1, p2 = _d2;
            Process(arrivalPs, d0, d1, d2);
            long delta = _d0 - p0;
            if (r > 0 && _d1 - p1 == delta && _d2 - p2 == delta)
            {
                long rest = (long)(count - 1 - r) * delta;
                _d0 += rest; _d1 += rest; _d2 += rest;
                return;
            }
        }
    }

    /// <summary>Time the last item left the last stage.</summary>
    public readonly long LastDeparturePs => _d2;
}
