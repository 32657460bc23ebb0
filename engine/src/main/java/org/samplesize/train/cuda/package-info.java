/**
 * The CUDA training backend: cuBLAS and our own NVRTC-compiled kernels through the JavaCPP CUDA
 * presets. The only package that touches CUDA.
 */
package org.samplesize.train.cuda;
