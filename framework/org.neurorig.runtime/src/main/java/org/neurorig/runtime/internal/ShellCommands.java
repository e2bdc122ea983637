package org.neurorig.runtime.internal;

import java.util.function.Function;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The runtime's commands in the Gogo shell, scope {@code neurorig}: {@code record start DIR},
 * {@code record stop}, {@code set NODE KEY=VALUE}, {@code status}. They act on the pipeline running
 * in this host, the same as the web API does.
 */
@Component(service = ShellCommands.class, property = {"osgi.command.scope=neurorig",
        "osgi.command.function=record", "osgi.command.function=set", "osgi.command.function=status"})
public final class ShellCommands {
    @Reference(target = "(neurorig.command=record)")
    private Function<String[], Integer> record;
    @Reference(target = "(neurorig.command=set)")
    private Function<String[], Integer> set;
    @Reference
    private org.neurorig.runtime.RigRuntime runtime;

    /** {@code neurorig:record start DIR} or {@code neurorig:record stop}; returns the exit code. */
    public int record(String... args) {
        return record.apply(args);
    }

    /** {@code neurorig:set NODE KEY=VALUE}; returns the exit code. */
    public int set(String... args) {
        return set.apply(args);
    }

    /** {@code neurorig:status}: one status line of the running pipeline, or IDLE. */
    public String status() {
        return runtime.current().filter(r -> !r.ended())
                .map(r -> r.pipeline().name() + (r.liveRecorder().isPresent() ? " RECORD " : " ACQUIRE ")
                        + new StatusLine().format(r.snapshot()))
                .orElse("IDLE");
    }
}
