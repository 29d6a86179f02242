package dev.dbops.sdk.testkit;

import dev.dbops.sdk.HarnessDbOps;
import dev.dbops.sdk.model.DbSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs sample test classes through JUnit (they are nested here so that Surefire does not run them
 * on their own) and checks what each way of registering the extension does with the stand-in:
 * how many servers start, who sees which, and that every one is stopped when its scope ends.
 */
class StandInExtensionLifecycleTest {

    /** What the samples saw, by a label each sample chooses. */
    static final Map<String, DbOpsStandIn> SEEN = new ConcurrentHashMap<>();
    static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();
    static final List<String> NOTES = new CopyOnWriteArrayList<>();

    @BeforeEach
    void forgetEarlierRuns() {
        SEEN.clear();
        PORTS.clear();
        NOTES.clear();
    }

    @Test
    void aNestedClassUsesTheOuterClassesStandInWhichStopsWithTheOuterClass() {
        runExpectingSuccess(AnnotatedOuter.class, 2);

        DbOpsStandIn outer = SEEN.get("outer");
        assertThat(SEEN.get("nested")).as("one server for outer and nested tests").isSameAs(outer);
        assertThat(NOTES).as("still running once the nested class was done").contains("afterAll: running");
        assertStopped(outer, PORTS.get("outer"));
    }

    @Test
    void aStaticFieldServesNestedClassesToo() {
        runExpectingSuccess(StaticFieldOuter.class, 2);

        assertThat(SEEN.get("nested")).isSameAs(SEEN.get("outer"));
        assertThat(NOTES).contains("nested: field sees the same stand-in");
        assertStopped(SEEN.get("outer"), PORTS.get("outer"));
    }

    @Test
    void extendWithOnTheClassWorksAsTheAnnotationDoes() {
        runExpectingSuccess(ExtendWithOuter.class, 2);

        assertThat(SEEN.get("nested")).isSameAs(SEEN.get("outer"));
        assertStopped(SEEN.get("outer"), PORTS.get("outer"));
    }

    @Test
    void anInstanceFieldGivesEachTestItsOwnStandInStoppedAfterIt() {
        runExpectingSuccess(InstanceField.class, 2);

        assertThat(SEEN.get("first")).isNotSameAs(SEEN.get("second"));
        assertThat(NOTES).as("the first test's server was stopped before the second ran")
                .contains("second: first is stopped");
        assertStopped(SEEN.get("first"), PORTS.get("first"));
        assertStopped(SEEN.get("second"), PORTS.get("second"));
    }

    @Test
    void eachTestStartsFromTheExtensionsNetworkWhateverTheTestBeforeChanged() {
        runExpectingSuccess(NetworkChangedMidClass.class, 2);

        assertThat(SEEN.get("changes")).isSameAs(SEEN.get("checks"));
    }

    private static void runExpectingSuccess(Class<?> sample, int tests) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute();
        List<String> failures = results.allEvents().failed().stream()
                .map(StandInExtensionLifecycleTest::describe).collect(Collectors.toList());
        assertThat(failures).as("failures in " + sample.getSimpleName()).isEmpty();
        assertThat(results.testEvents().succeeded().count()).as("tests passed in " + sample.getSimpleName())
                .isEqualTo(tests);
    }

    private static String describe(Event event) {
        return event.getTestDescriptor().getDisplayName() + ": " + event.getPayload()
                .map(Object::toString).orElse("?");
    }

    private static void assertStopped(DbOpsStandIn standIn, int port) {
        assertThat(standIn.isRunning()).isFalse();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getPort();
            }
        }).as("nothing listens on port %d any more", port).isInstanceOf(ConnectException.class);
    }

    /** Records what a sample test saw, after proving the stand-in answers and was reset before it. */
    static void use(String label, HarnessDbOps dbops, DbOpsStandIn standIn) {
        SEEN.put(label, standIn);
        PORTS.put(label, URI.create(standIn.baseUrl()).getPort());
        dbops.project("org", "project").schemas().create(label).name(label)
                .changelog(c -> c.connector("git").location("changelog.yaml")).execute();
        assertThat(dbops.project("org", "project").schemas().list().stream().map(DbSchema::getIdentifier))
                .as("reset before each test: only this test's schema").containsExactly(label);
    }

    @WithDbOpsStandIn
    static class AnnotatedOuter {
        @Test
        void outer(HarnessDbOps dbops, DbOpsStandIn standIn) {
            use("outer", dbops, standIn);
        }

        @AfterAll
        static void stillRunning(DbOpsStandIn standIn) {
            NOTES.add("afterAll: " + (standIn.isRunning() ? "running" : "stopped"));
        }

        @Nested
        class Inner {
            @Test
            void nested(HarnessDbOps dbops, DbOpsStandIn standIn) {
                use("nested", dbops, standIn);
            }
        }
    }

    static class StaticFieldOuter {
        @RegisterExtension
        static DbOpsStandInExtension extension = DbOpsStandInExtension.stateful();

        @Test
        void outer(HarnessDbOps dbops, DbOpsStandIn standIn) {
            use("outer", dbops, standIn);
        }

        @Nested
        class Inner {
            @Test
            void nested(HarnessDbOps dbops, DbOpsStandIn standIn) {
                use("nested", dbops, standIn);
                if (extension.standIn() == standIn) {
                    NOTES.add("nested: field sees the same stand-in");
                }
            }
        }
    }

    @ExtendWith(DbOpsStandInExtension.class)
    static class ExtendWithOuter {
        @Test
        void outer(HarnessDbOps dbops, DbOpsStandIn standIn) {
            use("outer", dbops, standIn);
        }

        @Nested
        class Inner {
            @Test
            void nested(HarnessDbOps dbops, DbOpsStandIn standIn) {
                use("nested", dbops, standIn);
            }
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class InstanceField {
        @RegisterExtension
        DbOpsStandInExtension extension = DbOpsStandInExtension.stateful();

        @Test
        @Order(1)
        void first(HarnessDbOps dbops) {
            use("first", dbops, extension.standIn());
        }

        @Test
        @Order(2)
        void second(HarnessDbOps dbops, DbOpsStandIn standIn) {
            if (!SEEN.get("first").isRunning()) {
                NOTES.add("second: first is stopped");
            }
            use("second", dbops, standIn);
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class NetworkChangedMidClass {
        static final NetworkConditions CONFIGURED = NetworkConditions.builder().latency(Duration.ofMillis(1)).build();

        @RegisterExtension
        static DbOpsStandInExtension extension = DbOpsStandInExtension.stateful().withNetwork(CONFIGURED);

        @Test
        @Order(1)
        void changes(DbOpsStandIn standIn) {
            SEEN.put("changes", standIn);
            assertThat(standIn.network()).isEqualTo(CONFIGURED);
            standIn.network(n -> n.faults(1.0, Fault.SERVER_ERROR_BEFORE_HANDLING)).rateLimit(1, Duration.ofHours(1));
            standIn.failNext("createDbSchema", Fault.RESET_BEFORE_HANDLING);
        }

        @Test
        @Order(2)
        void checks(HarnessDbOps dbops, DbOpsStandIn standIn) {
            SEEN.put("checks", standIn);
            assertThat(standIn.network()).isEqualTo(CONFIGURED);
            use("checks", dbops, standIn);
            assertThat(standIn.received()).allMatch(r -> r.fault().isEmpty() && !r.rateLimited());
        }
    }
}
