/** Models shipped inside jars on the classpath, and their extraction to a file cache. Internal. */
package dev.mnemo.embeddings.bundled;
