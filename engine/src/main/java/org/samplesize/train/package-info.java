/**
 * Head and tail training, Adam, early stopping and metrics, behind one backend interface ({@link
 * org.samplesize.train.TrainingBackend}, chosen by {@link org.samplesize.train.TrainingDevices}).
 * Pure Java; the implementations (the CPU and CUDA packages below this one) are found with {@link
 * java.util.ServiceLoader} and never named here ({@code ArchitectureTest} checks).
 */
package org.samplesize.train;
