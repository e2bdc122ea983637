package org.neurorig.plugin.record.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.neurorig.api.StreamSpec;
import org.neurorig.io.AtomicFile;

/**
 * {@code <dir>/Record Node <id>/experiment<N>/}: one per start of acquisition (a run of the pipeline),
 * numbered after the experiments already there; each start of recording in it gets the next
 * {@code recording<M>}. The GUI's {@code settings.xml} (experiment 1) or {@code settings_<N>.xml}
 * beside it describes the signal chain.
 */
final class ExperimentFolder {
    private static final Pattern EXPERIMENT = Pattern.compile("experiment(\\d+)");
    private static final Pattern RECORDING = Pattern.compile("recording(\\d+)");

    /** Marks which acquisition (run and node) made an experiment folder; Open Ephys readers ignore it. */
    static final String ACQUISITION_FILE = ".neurorig-acquisition";

    final Path recordNode;
    final Path dir;
    final int number;
    /** True when an earlier instance of the same acquisition made the folder (its settings exist). */
    final boolean continued;

    private ExperimentFolder(Path recordNode, Path dir, int number, boolean continued) {
        this.recordNode = recordNode;
        this.dir = dir;
        this.number = number;
        this.continued = continued;
    }

    /**
     * The experiment folder of {@code acquisition} under {@code root/Record Node <id>}: the latest one
     * when that acquisition made it (a recorder instance replaced while acquisition goes on),
     * otherwise a new one numbered after those present.
     *
     * @param acquisition run and node the recorder records for; null = always a new experiment
     */
    static ExperimentFolder create(Path root, int recordNodeId, String acquisition) throws IOException {
        Path node = Files.createDirectories(root.resolve("Record Node " + recordNodeId));
        int last = highest(node, EXPERIMENT);
        if (acquisition != null && last > 0) {
            Path marker = node.resolve("experiment" + last).resolve(ACQUISITION_FILE);
            if (Files.isRegularFile(marker)
                    && Files.readString(marker, StandardCharsets.UTF_8).equals(acquisition)) {
                return new ExperimentFolder(node, marker.getParent(), last, true);
            }
        }
        int n = last + 1;
        while (true) {
            try {
                Path dir = Files.createDirectory(node.resolve("experiment" + n));
                if (acquisition != null) {
                    AtomicFile.write(dir.resolve(ACQUISITION_FILE), acquisition.getBytes(StandardCharsets.UTF_8));
                }
                return new ExperimentFolder(node, dir, n, false);
            } catch (FileAlreadyExistsException e) {
                n++; // another recorder took it at the same moment
            }
        }
    }

    /** The path of the next recording folder (not created). */
    Path nextRecording() throws IOException {
        return dir.resolve("recording" + (highest(dir, RECORDING) + 1));
    }

    private static int highest(Path parent, Pattern p) throws IOException {
        int max = 0;
        try (Stream<Path> s = Files.list(parent)) {
            for (Path c : (Iterable<Path>) s::iterator) {
                Matcher m = p.matcher(c.getFileName().toString());
                if (m.matches()) {
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                }
            }
        }
        return max;
    }

    /** Writes a minimal {@code settings.xml} for the streams of this experiment. */
    void writeSettings(List<StreamSpec> inputs, List<OpenEphysRecording.Placement> placements, int recordNodeId)
            throws IOException {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n<SETTINGS>\n  <INFO>\n");
        x.append("    <VERSION>").append(OpenEphysRecording.GUI_VERSION).append("</VERSION>\n");
        x.append("    <PLUGIN_API_VERSION>8</PLUGIN_API_VERSION>\n");
        x.append("    <DATE>")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss", Locale.ROOT)))
                .append("</DATE>\n");
        x.append("    <OS>").append(xml(System.getProperty("os.name"))).append("</OS>\n");
        x.append("    <MACHINE name=\"")
                .append(xml(hostName()))
                .append("\" cpu_num_cores=\"")
                .append(Runtime.getRuntime().availableProcessors())
                .append("\"/>\n");
        x.append("    <SOFTWARE>NeuroRig record.openephys</SOFTWARE>\n  </INFO>\n  <SIGNALCHAIN>\n");
        java.util.Set<Integer> done = new java.util.HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            OpenEphysRecording.Placement p = placements.get(i);
            if (done.add(p.sourceId())) {
                x.append("    <PROCESSOR name=\"")
                        .append(xml(p.source()))
                        .append("\" pluginName=\"")
                        .append(xml(p.source()))
                        .append("\" nodeId=\"")
                        .append(p.sourceId())
                        .append("\">\n");
                for (int j = 0; j < inputs.size(); j++) {
                    if (placements.get(j).sourceId() == p.sourceId()) {
                        StreamSpec s = inputs.get(j);
                        x.append("      <STREAM name=\"")
                                .append(xml(placements.get(j).stream()))
                                .append("\" sample_rate=\"")
                                .append(s.sampleRate())
                                .append("\" channel_count=\"")
                                .append(s.channelCount())
                                .append("\" kind=\"")
                                .append(s.kind())
                                .append("\"/>\n");
                    }
                }
                x.append("    </PROCESSOR>\n");
            }
        }
        x.append("    <PROCESSOR name=\"Record Node\" pluginName=\"Record Node\" nodeId=\"")
                .append(recordNodeId)
                .append("\">\n      <CUSTOM_PARAMETERS path=\"")
                .append(xml(recordNode.getParent().toString()))
                .append("\" engine=\"BINARY\" recordEvents=\"1\" recordSpikes=\"1\"/>\n    </PROCESSOR>\n");
        x.append("  </SIGNALCHAIN>\n</SETTINGS>\n");
        String name = number == 1 ? "settings.xml" : "settings_" + number + ".xml";
        AtomicFile.write(recordNode.resolve(name), x.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
