package org.samplesize.fit;

import java.util.List;
import java.util.Map;

/**
 * The answer for one curve, as an answer method made it: the fields of {@link CurveFit} of the same
 * names.
 *
 * @param predictions the answer at each asked size
 * @param targets the answer for each target
 * @param interval how the intervals were made ({@link CurveFit#interval()})
 * @param bootstrapChoices how many replicates selected each family (empty when none selected)
 * @param answerInterval the replicates behind the intervals, null when the family's own are used
 * @param warnings what the answer cannot show, in words
 */
record CurveAnswer(
    List<Prediction> predictions,
    List<TargetEstimate> targets,
    String interval,
    Map<String, Integer> bootstrapChoices,
    AnswerInterval answerInterval,
    List<String> warnings) {}
