package org.neurorig.api;

/**
 * Where a node puts its output. The runtime owns one preallocated block per output port; a node
 * fills it and emits it. The runtime stamps the sequence number and publishes it.
 */
public interface Emitter {
    /** The cleared output block of {@code port} (index in the list returned by open/prepare). */
    Block block(int port);

    /**
     * Publishes the block of {@code port}. May wait for lossless consumers (back-pressure).
     * After it returns the block is cleared and may be filled again.
     */
    void emit(int port) throws InterruptedException;
}
