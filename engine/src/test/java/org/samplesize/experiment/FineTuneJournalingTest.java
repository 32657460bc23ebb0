package org.samplesize.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samplesize.ProgressListener;
import org.samplesize.SharedData;

/**
 * A fine-tuned model takes minutes, so the local executor must hand each one to the journal the
 * moment it is scored, before the next one trains: a run killed during the fine-tuning phase then
 * loses only the model in training. The test watches the executor from outside: when the first
 * fine-tuned record reaches the orchestrator, the fine-tuning stage must not yet have finished any
 * other model; and the journal ends with every model once.
 */
class FineTuneJournalingTest {
  @TempDir Path dir;

  @Test
  void eachFineTunedModelIsJournaledBeforeTheNextOneTrains() throws Exception {
    Path int8 = SharedData.model("mobilenetv2-12-int8.onnx");
    Path data = TinyData.images(dir.resolve("data"), 8, 3);
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("data", data.toString());
    flags.put("model", int8.toString());
    flags.put("out", dir.resolve("out").toString());
    flags.put("cache", dir.resolve("cache").toString());
    flags.put("train-fraction", "0.5");
    flags.put("threads", "2");
    flags.put("fractions", List.of(0.5, 1.0));
    flags.put("repeats", "2");
    flags.put("epochs", "2");
    flags.put("fine-tune", true);
    RunSettings settings = SettingsIO.resolve(null, flags);

    // How many fine-tuned models the executor had finished each time a fine-tuned record arrived.
    List<Integer> finishedWhenHandedOver = new ArrayList<>();
    int[] tailsFinished = {0};
    TrainingExecutor watched =
        new TrainingExecutor() {
          final LocalTrainingExecutor local = new LocalTrainingExecutor();

          @Override
          public List<ModelRecord> train(
              Plan plan,
              FeatureSet features,
              List<PlannedModel> models,
              RunSettings s,
              ProgressListener progress) {
            throw new AssertionError("the orchestrator journals records one by one");
          }

          @Override
          public void train(
              Plan plan,
              FeatureSet features,
              List<PlannedModel> models,
              RunSettings s,
              ProgressListener progress,
              Consumer<ModelRecord> finished) {
            ProgressListener counting =
                new ProgressListener() {
                  String stage = "";

                  @Override
                  public void stage(String name, long total, String unit) {
                    stage = name;
                  }

                  @Override
                  public void advance(long done) {
                    if (stage.startsWith("fine-tuning")) {
                      tailsFinished[0] += (int) done;
                    }
                  }
                };
            local.train(
                plan,
                features,
                models,
                s,
                counting,
                r -> {
                  if (r.curve().equals(PlannedModel.FINE_TUNE)) {
                    finishedWhenHandedOver.add(tailsFinished[0]);
                  }
                  finished.accept(r);
                });
          }

          @Override
          public void close() {
            local.close();
          }
        };
    try (PipelineStages stages =
        new PipelineStages(new Planner(), new LocalFeatureExecutor(), watched)) {
      Experiment.run(settings, stages, ProgressListener.NONE);
    }

    // 2 sizes x 2 repeats fine-tuned in one pass; the k-th record comes before model k+1 trains
    // (the stage counts a model after handing it over).
    assertEquals(List.of(0, 1, 2, 3), finishedWhenHandedOver);
    List<String> lines = Files.readAllLines(dir.resolve("out").resolve(Journal.FILE_NAME));
    assertEquals(1 + 8, lines.size(), String.join("\n", lines));
  }
}
