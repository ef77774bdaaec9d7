package dev.sidecar.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sidecar.ContainerSpec;
import dev.sidecar.Pod;
import dev.sidecar.PodSpec;
import dev.sidecar.docker.DockerPodRuntime;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Example 4: topz serves the pod's processes, main's included, and nothing from outside the pod. */
class ProcessMonitoringIT {

    /** A process of another pod, running while topz is asked: it must not show. */
    private static final String NEIGHBOUR_MARKER = "neighbour-outside-the-topz-pod";

    /** main's script; busybox ps shows a process whose name differs from its argv[0] as {name} args. */
    private static final Pattern MAIN_SCRIPT = Pattern.compile("(\\{legacy-app\\} )?/bin/sh /usr/local/bin/legacy-app");
    /** main's web server, a child of its script. */
    private static final String MAIN_SERVER = "httpd -f -v -p 8080 -h /var/www";

    /** Every process the pod runs: its infrastructure container, main (script and server), topz and its CGI. */
    private static final List<Pattern> POD_PROCESSES = List.of(
            Pattern.compile("/pause"),
            MAIN_SCRIPT,
            Pattern.compile(Pattern.quote(MAIN_SERVER)),
            Pattern.compile("(\\{topz\\} )?/bin/sh /usr/local/bin/topz"),
            Pattern.compile("httpd -f -p 9090 -h /www"),
            Pattern.compile("(\\{ps\\} )?/bin/sh topz"));

    /** One row of topz's table. */
    record Row(int pid, int ppid, String command) {
    }

    private static Pod pod;
    private static Pod neighbour;

    @BeforeAll
    static void startPods() {
        DockerPodRuntime runtime = DockerPodRuntime.create();
        neighbour = runtime.start(PodSpec.builder("neighbour")
                .main(ContainerSpec.builder("busy", ExampleImages.busybox())
                        .command("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done",
                                NEIGHBOUR_MARKER)
                        .build())
                .build());
        pod = runtime.start(ProcessMonitoring.spec());
    }

    @AfterAll
    static void closePods() {
        if (pod != null) {
            pod.close();
        }
        if (neighbour != null) {
            neighbour.close();
        }
    }

    @Test
    void listIncludesMainsProcesses() {
        List<Row> rows = topz();

        Row script = rows.stream().filter(r -> MAIN_SCRIPT.matcher(r.command()).matches()).findFirst()
                .orElseThrow(() -> new AssertionError("main's script is not in " + rows));
        Row server = rows.stream().filter(r -> r.command().equals(MAIN_SERVER)).findFirst()
                .orElseThrow(() -> new AssertionError("main's server is not in " + rows));
        assertThat(server.ppid()).as("main's server is a child of main's script").isEqualTo(script.pid());
        assertThat(rows).contains(new Row(1, 0, "/pause"));
    }

    @Test
    void listHasNothingFromOutsideThePod() {
        assertThat(neighbour.main().exec("ps", "-o", "args").stdout())
                .as("the neighbour's process runs, in its own pod").contains(NEIGHBOUR_MARKER);

        List<Row> rows = topz();

        assertThat(rows).extracting(Row::command)
                .allSatisfy(command -> assertThat(POD_PROCESSES).anySatisfy(p -> assertThat(command).matches(p)))
                .noneMatch(command -> command.contains(NEIGHBOUR_MARKER))
                .noneMatch(command -> command.contains("java") || command.contains("dockerd"));
    }

    @Test
    void topScreenShowsMemoryAndMainsProcess() {
        String top = Http.get(pod.endpoint("topz", ProcessMonitoring.TOPZ_PORT).http("/cgi-bin/top")).body();

        assertThat(top).contains("Mem:", "Load average:", "%CPU", MAIN_SERVER);
    }

    private static List<Row> topz() {
        URI uri = pod.endpoint("topz", ProcessMonitoring.TOPZ_PORT).http(ProcessMonitoring.TOPZ_PATH);
        List<String> lines = Http.get(uri).body().lines().toList();
        assertThat(lines.get(0)).matches("PID\\s+PPID\\s+USER\\s+VSZ\\s+RSS\\s+STAT\\s+COMMAND");
        return lines.stream().skip(1).map(String::strip).map(line -> line.split("\\s+", 7))
                .map(f -> new Row(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[6])).toList();
    }
}
