namespace CimSim.Training;

/// <summary>Progress of a training run, reported after every batch and at the end of every epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="MeanLoss">Mean training loss over the epoch so far.</param>
/// <param name="TrainAccuracy">Training accuracy over the epoch so far (0–1).</param>
/// <param name="TestAccuracy">Test accuracy at the end of the epoch (null during the epoch).</param>
/// <param name="EpochSeconds">Wall time of the epoch so far.</param>
public sealed record TrainingProgress(int Epoch, int Batch, int Batches, double MeanLoss, double TrainAccuracy,
    double? TestAccuracy, double EpochSeconds);
