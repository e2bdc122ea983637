package org.neurorig.runtime;

import java.util.Map;
import org.neurorig.config.Pipeline;

/**
 * Runs the nodes that a pipeline places on other hosts ({@code hosts:} and a node's {@code at:} in
 * its file; docs/HOSTS.md). The host where the file is started coordinates: {@link RigRuntime#start}
 * hands such a pipeline here first and runs the part this returns.
 */
public interface RemoteHosts {
    /**
     * Checks the whole pipeline against every host's installed types, starts each host's part, and
     * returns the part that runs here (with the nodes that carry streams between hosts).
     *
     * @throws RigException with every problem as {@code file:line:col: host 'h': message}, or a host
     *                      that does not answer; no host is left running then
     */
    Pipeline start(Pipeline whole, RunOptions options) throws RigException;

    /** Stops every other host's part (idempotent); returns when they answered or after a timeout. */
    void stop();

    /**
     * Each host of the running rig: its address, state ({@code ONLINE}, {@code OFFLINE}), clock offset
     * estimate and its last status; empty when no pipeline over hosts runs.
     */
    Map<String, Object> hosts();
}
