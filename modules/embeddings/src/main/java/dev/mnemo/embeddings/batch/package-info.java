/** Dynamic batching: coalescing concurrent requests into token-budgeted ONNX runs. Internal. */
package dev.mnemo.embeddings.batch;
