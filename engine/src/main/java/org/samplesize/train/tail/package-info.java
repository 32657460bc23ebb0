/**
 * Fine-tuning the tail of MobileNetV2 on cached trunk activations: the tail's description ({@link
 * org.samplesize.train.tail.TailSpec}, read from an ONNX graph by {@code
 * org.samplesize.features.TailGraphReader}), a pure-Java reference of every op's forward and
 * backward pass ({@link org.samplesize.train.tail.TailOps}, {@link
 * org.samplesize.train.tail.ReferenceTailNetwork}), and the recipe's second training phase ({@link
 * org.samplesize.train.tail.TailTrainer}). Pure Java; the fast kernels live in {@code
 * train.cpu.tail} (OpenBLAS) and {@code train.cuda.tail} (cuBLAS, NVRTC).
 *
 * <p>Layout convention inside a network: activations are stored channel-major with the batch
 * inside, {@code [C][N][H][W]}, so that every 1×1 convolution over a whole batch is one matrix
 * product {@code Y[Cout][N·H·W] = W[Cout][Cin] · X[Cin][N·H·W]}. Inputs and outputs at the API
 * (trunk rows, pooled features, probabilities) are sample-major, {@code [N][...]}.
 */
package org.samplesize.train.tail;
