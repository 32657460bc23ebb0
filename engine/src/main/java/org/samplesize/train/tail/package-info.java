/**
 * Fine-tuning the tail of MobileNetV2 on cached trunk activations: the tail's description ({@link
 * org.samplesize.train.tail.TailSpec}, read from an ONNX graph by {@code
 * org.samplesize.features.TailGraphReader}), a pure-Java reference of every op's forward and
 * backward pass ({@link org.samplesize.train.tail.TailOps}, {@link
 * org.samplesize.train.tail.ReferenceTailNetwork}), and the recipe's second training phase ({@link
 * org.samplesize.train.tail.TailTrainer}), and the network every device shares ({@link
 * org.samplesize.train.tail.DeviceTailNetwork}: the passes, dense head and Adam schedule, written
 * once over the small {@link org.samplesize.train.tail.TailDeviceOps}). Pure Java; the device work
 * lives in the backends' packages ({@code cpu.tail}: OpenBLAS, {@code cuda.tail}: cuBLAS, NVRTC).
 *
 * <p>Layout convention inside a network: activations are stored channel-major with the batch
 * inside, {@code [C][N][H][W]}, so that every 1×1 convolution over a whole batch is one matrix
 * product {@code Y[Cout][N·H·W] = W[Cout][Cin] · X[Cin][N·H·W]}. Inputs and outputs at the API
 * (trunk rows, pooled features, probabilities) are sample-major, {@code [N][...]}.
 */
package org.samplesize.train.tail;
