/**
 * The CPU device work of the fine-tuning tail ({@code TailDeviceOps}): 1×1 convolutions over a
 * whole batch as single OpenBLAS {@code sgemm} calls on native memory, depthwise convolutions and
 * the element-wise ops in Java, split across a fixed pool of worker threads by channel. All
 * activations, gradients and weights of a training step live in native buffers allocated once per
 * network for its largest batch.
 */
package org.samplesize.train.cpu.tail;
