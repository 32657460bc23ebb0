/**
 * The fine-tuning tail's device work on a CUDA GPU ({@code TailDeviceOps}): 1×1 convolutions as
 * cuBLAS {@code sgemm} on channel-major activations, depthwise convolution, ReLU6 masks, pooling
 * and Adam as our own NVRTC-compiled kernels, all buffers allocated once per network. Uses {@code
 * train.cuda}'s status check, device buffers and kernel modules.
 */
package org.samplesize.train.cuda.tail;
