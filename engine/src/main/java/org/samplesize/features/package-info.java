/**
 * Model cards, ONNX Runtime sessions and execution providers, graph cuts and the on-disk feature
 * cache. The only package that touches ONNX Runtime and the ONNX protobuf schema.
 */
package org.samplesize.features;
