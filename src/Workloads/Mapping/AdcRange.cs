namespace CimSim.Workloads.Mapping;

/// <summary>
/// How an ADC's input range (its LSB, in units of one cell × one input-slice step) is set — YAML
/// <c>readout.adc.range</c>. Every ADC of a layer shares one LSB; codes are round(p / LSB) clipped to 0…2^b − 1 and
/// the digital side reconstructs code × LSB (docs/COMPILER.md §4, docs/ACCURACY.md).
/// </summary>
public enum AdcRange
{
    /// <summary>LSB = 1: codes are the partial sum itself, clipped at 2^b − 1 (exact below it). The default.</summary>
    Unit,
    /// <summary>
    /// The ADC spans a column's largest possible partial sum, rows × (2^cell − 1) × (2^dac − 1), over its 2^b − 1
    /// codes (NeuroSim's sense-amp references spread over the column's whole range); never clips. LSB ≥ 1.
    /// </summary>
    Full,
    /// <summary>
    /// Per layer, from calibration data: LSB = max(1, largest partial sum seen / (2^b − 1)) — the static form of the
    /// min–max partial-sum quantization of NeuroSim's and XPert's PyTorch models (docs/research/xpert.md §4.2).
    /// </summary>
    Calibrated,
}
