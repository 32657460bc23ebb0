/**
 * Run orchestration: plans, the durable journal, resume, provenance.
 *
 * <p>The pipeline is four stages, each with one entry point that hands the next an immutable value;
 * none depends on the order in which another was called:
 *
 * <ol>
 *   <li>{@link org.samplesize.experiment.Planner#plan}: data set, model, split and every model's
 *       subsample, as a {@link org.samplesize.experiment.Plan} (with its {@link
 *       org.samplesize.experiment.PlanInputs}: split, positions, {@link
 *       org.samplesize.experiment.RowLayout rows}, model);
 *   <li>{@link org.samplesize.experiment.FeatureExecutor#extract}: the plan's features, as a {@link
 *       org.samplesize.experiment.FeatureSet};
 *   <li>{@link org.samplesize.experiment.TrainingExecutor#train}: (plan, features, models) to
 *       {@link org.samplesize.experiment.ModelRecord}s, journaled one by one by {@link
 *       org.samplesize.experiment.Experiment};
 *   <li>the curve fit, whose report model ({@link org.samplesize.report.FitSummary}) is built in
 *       {@code report} from the fit results.
 * </ol>
 *
 * <p>The two executors are the seam where another process or a cluster can take over feature
 * extraction or training without touching orchestration, journal or fit: implement {@link
 * org.samplesize.experiment.FeatureExecutor} or {@link org.samplesize.experiment.TrainingExecutor}
 * and pass it to {@link org.samplesize.experiment.PipelineStages#PipelineStages(Planner,
 * FeatureExecutor, TrainingExecutor)}. The local implementations are {@link
 * org.samplesize.experiment.LocalFeatureExecutor} and {@link
 * org.samplesize.experiment.LocalTrainingExecutor}.
 */
package org.samplesize.experiment;
