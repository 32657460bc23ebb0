package org.samplesize.experiment;

import java.util.List;
import java.util.ServiceLoader;
import org.samplesize.ProgressListener;

/**
 * A service that runs the feature and training stages somewhere else (a cluster), found through
 * {@link ServiceLoader} ({@code META-INF/services/org.samplesize.experiment.ExecutorProvider}) so
 * that the engine never depends on it: {@code run --spark MASTER} asks for the provider named
 * {@code "spark"}, which lives in its own module and is on the class path only when that module is.
 */
public interface ExecutorProvider {

  /**
   * @return the name the command line selects it by (e.g. {@code "spark"})
   */
  String name();

  /**
   * Connects to the place named by {@code address} and returns the executors that work there. They
   * share the connection, which {@link Executors#training()}'s {@link TrainingExecutor#close()}
   * ends ({@link PipelineStages#close()} closes it).
   *
   * @param address where to run (for Spark a master URL: {@code local[2]}, {@code
   *     spark://host:7077})
   * @param progress notes about the connection
   * @return the two executors
   * @throws org.samplesize.InvalidInputException when the address is malformed
   * @throws org.samplesize.UnavailableException when the place cannot be reached
   */
  Executors open(String address, ProgressListener progress);

  /**
   * The settings with every path this provider accepts as a URI (e.g. {@code file:///data}) turned
   * into the local path the engine reads and writes, called before anything is read or written. A
   * URI it cannot serve is refused with the flag, the scheme and what to do. The default changes
   * nothing.
   *
   * @param s the settings as given
   * @return the settings with local paths
   * @throws org.samplesize.InvalidInputException for a path it cannot serve
   */
  default RunSettings localPaths(RunSettings s) {
    return s;
  }

  /**
   * The executors of one connection.
   *
   * @param features the feature stage
   * @param training the training stage; closing it ends the connection
   */
  record Executors(FeatureExecutor features, TrainingExecutor training) {}

  /**
   * @param name a provider name
   * @param loader where to look
   * @return the providers of that name on the class path of {@code loader} (none, or one)
   */
  static List<ExecutorProvider> find(String name, ClassLoader loader) {
    return ServiceLoader.load(ExecutorProvider.class, loader).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name))
        .toList();
  }
}
