package org.neurorig.runtime.internal;

import java.util.List;
import org.neurorig.command.Command;
import org.neurorig.runtime.RigRuntime;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The runtime's commands in the Gogo shell, scope {@code neurorig}: {@code record start DIR},
 * {@code record stop}, {@code set NODE KEY=VALUE}, {@code status}. They act on the pipeline running
 * in this host, the same as the web API does. They print to {@code System.out}: Gogo gives each
 * shell session its own.
 */
@Component(
        service = ShellCommands.class,
        property = {
            "osgi.command.scope=neurorig",
            "osgi.command.function=record",
            "osgi.command.function=set",
            "osgi.command.function=status"
        })
public final class ShellCommands {
    // By component name: registered under a second, bundle-private class, the commands would be
    // hidden from a launcher whose class path holds that class too (Felix's assignability check).
    @Reference(target = "(component.name=org.neurorig.runtime.internal.RecordCommand)")
    private Command record;

    @Reference(target = "(component.name=org.neurorig.runtime.internal.SetCommand)")
    private Command set;

    @Reference
    private RigRuntime runtime;

    /** {@code neurorig:record start DIR} or {@code neurorig:record stop}; returns the exit code. */
    public int record(String... args) throws Exception {
        return record.run(List.of(args), System.out, System.err);
    }

    /** {@code neurorig:set NODE KEY=VALUE}; returns the exit code. */
    public int set(String... args) throws Exception {
        return set.run(List.of(args), System.out, System.err);
    }

    /** {@code neurorig:status}: one status line of the running pipeline, or IDLE. */
    public String status() {
        return runtime.current()
                .filter(r -> !r.ended())
                .map(r -> r.pipeline().name()
                        + (r.liveRecorder().isPresent() ? " RECORD " : " ACQUIRE ")
                        + StatusLine.of(r).format(r.snapshot()))
                .orElse("IDLE");
    }
}
