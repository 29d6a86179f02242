package dev.dbops.sdk;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** close() releases what the client made and nothing it was given; toBuilder() shares the connection pool. */
class LifecycleTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    @Test
    void aClosedClientSendsNothing() {
        HarnessDbOps client = Fixtures.client(wm);
        client.close();
        client.close();

        assertThatThrownBy(() -> project(client).schema(SCHEMA).get().execute())
                .isInstanceOf(DbOpsException.class).hasMessageContaining("the client is closed");
        assertThatThrownBy(() -> project(client).schema(SCHEMA).get().executeAsync().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(DbOpsException.class);
        assertThat(journal(wm)).isEmpty();
        assertThat(client.toString()).contains("closed");
        assertThat(client.resources().isReleased()).isTrue();
    }

    @Test
    void aDerivedClientSharesThePoolAndKeepsItOpenAfterItsParentCloses() {
        wm.stubFor(Op.GET_SCHEMA.stub().willReturn(Op.GET_SCHEMA.success()));
        HarnessDbOps parent = Fixtures.client(wm);
        HarnessDbOps child = parent.toBuilder().requestTimeout(Duration.ofSeconds(3)).header("X-Tenant", "blue").build();

        assertThat(child.resources()).isSameAs(parent.resources());
        assertThat(child.resources().http()).isSameAs(parent.resources().http());
        parent.close();
        project(child).schema(SCHEMA).get().execute();

        assertThat(child.resources().isReleased()).as("the child still holds the pool").isFalse();
        assertThat(journal(wm)).singleElement().satisfies(r -> assertThat(r.getHeader("X-Tenant")).isEqualTo("blue"));
        child.close();
        assertThat(child.resources().isReleased()).isTrue();
    }

    @Test
    void aDerivedClientWithItsOwnConnectSettingsHasItsOwnPool() {
        HarnessDbOps parent = Fixtures.client(wm);
        HarnessDbOps child = parent.toBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        assertThat(child.resources()).isNotSameAs(parent.resources());
        assertThat(child.resources().ownsHttp()).isTrue();
    }

    @Test
    void aSuppliedHttpClientIsNotTheClientsToClose() {
        HttpClient mine = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HarnessDbOps client = Fixtures.builder(wm).httpClient(mine).build();

        assertThat(client.resources().ownsHttp()).isFalse();
        assertThat(Fixtures.client(wm).resources().ownsHttp()).as("the SDK's own").isTrue();
    }

    @Test
    void aClientIsAutoCloseable() {
        HarnessDbOps kept;
        try (HarnessDbOps client = Fixtures.client(wm)) {
            kept = client;
        }
        assertThat(kept.resources().isReleased()).isTrue();
    }
}
