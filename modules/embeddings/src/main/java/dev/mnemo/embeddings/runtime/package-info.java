/** The life cycle of each model domain: single-flight load, serving through its batcher, unload; and the threads. Internal. */
package dev.mnemo.embeddings.runtime;
