/** Running one model: tokenizer, ONNX Runtime session, pooling. Knows nothing of batching windows or caches. Internal. */
package dev.mnemo.embeddings.onnx;
