package org.neurorig.api;

/**
 * Where a node puts its output. The runtime owns a pool of preallocated blocks per output port; a
 * node fills the port's current block and emits it. The runtime stamps the sequence number and
 * hands the block itself to every consumer, so an emitted block must not be touched again: ask
 * {@link #block} for the next one.
 */
public interface Emitter {
    /**
     * The cleared output block of {@code port} (index in the list returned by open/prepare): the
     * same block until it is emitted, another one after.
     */
    Block block(int port);

    /**
     * Publishes the block of {@code port}. May wait for lossless consumers (back-pressure).
     * After it returns the block belongs to the consumers; {@link #block} gives a fresh one.
     */
    void emit(int port) throws InterruptedException;
}
