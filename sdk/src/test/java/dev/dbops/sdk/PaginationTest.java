package dev.dbops.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dbops.sdk.model.DbInstance;
import dev.dbops.sdk.model.DbSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static dev.dbops.sdk.Fixtures.SCHEMA;
import static dev.dbops.sdk.Fixtures.journal;
import static dev.dbops.sdk.Fixtures.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lists fetch pages lazily, know their total from X-Total-Elements and stop on a short page. */
class PaginationTest {

    @RegisterExtension
    static WireMockExtension wm = Fixtures.wireMock();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Serves {@code total} items (built on the document's list example) in pages of {@code size}. */
    private static void serve(Op op, String example, int total, int size, boolean totalHeader) {
        JsonNode template = SpecExamples.node(example).get(0);
        int pages = total / size + 1; // one more: a request past the end gets an empty page
        for (int page = 0; page < pages; page++) {
            ArrayNode items = JSON.createArrayNode();
            for (int i = page * size; i < Math.min(total, (page + 1) * size); i++) {
                items.add(((ObjectNode) template.deepCopy()).put("identifier", "item_" + i));
            }
            ResponseDefinitionBuilder response = aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-Page-Number", String.valueOf(page))
                    .withHeader("X-Page-Size", String.valueOf(size))
                    .withBody(items.toString());
            if (totalHeader) {
                response.withHeader("X-Total-Elements", String.valueOf(total));
            }
            wm.stubFor(op.stub().withQueryParam("page", equalTo(String.valueOf(page)))
                    .withQueryParam("limit", equalTo(String.valueOf(size))).willReturn(response));
        }
    }

    private static List<String> identifiers(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "item_" + i).collect(Collectors.toList());
    }

    private static List<String> requestedPages() {
        return journal(wm).stream().map(r -> r.queryParameter("page").firstValue()).collect(Collectors.toList());
    }

    @Test
    void iteratingWalks250ItemsInThreePagesOf100() {
        serve(Op.LIST_SCHEMAS, "SchemaListPage", 250, 100, true);

        List<String> seen = project(Fixtures.client(wm)).schemas().list().stream()
                .map(DbSchema::getIdentifier).collect(Collectors.toList());

        assertThat(seen).containsExactlyElementsOf(identifiers(0, 250));
        assertThat(requestedPages()).containsExactly("0", "1", "2");
        assertThat(journal(wm)).allSatisfy(r -> assertThat(r.queryParameter("limit").firstValue()).isEqualTo("100"));
    }

    @Test
    void theTotalSavesTheRequestForAnEmptyLastPage() {
        serve(Op.LIST_SCHEMAS, "SchemaListPage", 200, 100, true);

        assertThat(project(Fixtures.client(wm)).schemas().list().toList()).hasSize(200);

        assertThat(requestedPages()).containsExactly("0", "1");
    }

    @Test
    void withoutATotalAShortPageEndsTheList() {
        serve(Op.LIST_SCHEMAS, "SchemaListPage", 237, 100, false);

        assertThat(project(Fixtures.client(wm)).schemas().list().toList()).hasSize(237);

        assertThat(requestedPages()).containsExactly("0", "1", "2");
    }

    @Test
    void withoutATotalAnEmptyPageEndsTheList() {
        serve(Op.LIST_SCHEMAS, "SchemaListPage", 200, 100, false);

        assertThat(project(Fixtures.client(wm)).schemas().list().toList()).hasSize(200);

        assertThat(requestedPages()).containsExactly("0", "1", "2");
    }

    @Test
    void anEmptyListIsOneRequest() {
        serve(Op.LIST_SCHEMAS, "SchemaListPage", 0, 100, true);
        ListSchemas list = project(Fixtures.client(wm)).schemas().list();

        assertThat(list.stream().count()).isZero();
        assertThat(list.iterator().hasNext()).isFalse();

        assertThat(requestedPages()).containsExactly("0", "0");
    }

    @Test
    void aPageGivesItsItemsAndTheTotals() {
        serve(Op.LIST_SCHEMAS, "SchemaListPage", 250, 100, true);
        ListSchemas list = project(Fixtures.client(wm)).schemas().list();

        Page<DbSchema> middle = list.page(1);
        Page<DbSchema> last = list.page(2);

        assertThat(middle.totalElements()).hasValue(250);
        assertThat(middle.number()).isEqualTo(1);
        assertThat(middle.size()).isEqualTo(100);
        assertThat(middle.items()).extracting(DbSchema::getIdentifier).containsExactlyElementsOf(identifiers(100, 200));
        assertThat(middle.hasNext()).isTrue();
        assertThat(last.items()).hasSize(50);
        assertThat(last.hasNext()).isFalse();
        assertThat(middle.response().status()).isEqualTo(200);
        assertThat(requestedPages()).containsExactly("1", "2");
    }

    @Test
    void aPageWithoutTheTotalHeaderHasNoTotal() {
        serve(Op.LIST_SCHEMAS, "SchemaListPage", 250, 100, false);

        Page<DbSchema> first = project(Fixtures.client(wm)).schemas().list().page(0);

        assertThat(first.totalElements()).isEmpty();
        assertThat(first.hasNext()).isTrue();
    }

    @Test
    void pagesAreFetchedOnlyAsTheIterationReachesThem() {
        serve(Op.LIST_SCHEMAS, "SchemaListPage", 250, 100, true);
        ListSchemas list = project(Fixtures.client(wm)).schemas().list();

        Iterator<DbSchema> iterator = list.iterator();
        assertThat(journal(wm)).as("nothing before the first item is asked for").isEmpty();
        for (int i = 0; i < 100; i++) {
            iterator.next();
        }
        assertThat(requestedPages()).containsExactly("0");
        iterator.next();
        assertThat(requestedPages()).containsExactly("0", "1");

        assertThat(list.stream().limit(5).count()).isEqualTo(5);
        assertThat(requestedPages()).containsExactly("0", "1", "0");
    }

    @Test
    void aSmallerPageSizeIsUsedForEveryPage() {
        serve(Op.LIST_SCHEMAS, "SchemaListPage", 120, 50, true);

        assertThat(project(Fixtures.client(wm)).schemas().list().pageSize(50).toList()).hasSize(120);

        assertThat(requestedPages()).containsExactly("0", "1", "2");
        assertThat(journal(wm)).allSatisfy(r -> assertThat(r.queryParameter("limit").firstValue()).isEqualTo("50"));
    }

    @Test
    void instanceListsPageTheSameWayAndResendTheFilterOnEveryPage() {
        serve(Op.LIST_INSTANCES, "InstanceListPage", 150, 100, true);

        List<DbInstance> all = project(Fixtures.client(wm)).schema(SCHEMA).instances().list()
                .withTags("env:prod").toList();

        assertThat(all).extracting(DbInstance::getIdentifier).containsExactlyElementsOf(identifiers(0, 150));
        List<LoggedRequest> requests = journal(wm);
        assertThat(requestedPages()).containsExactly("0", "1");
        assertThat(requests).allSatisfy(r -> assertThat(equalToJson(SpecExamples.json("InstanceFilterRequest"), false, false)
                .match(r.getBodyAsString()).isExactMatch()).isTrue());
    }

    @Test
    void aFailingPageStopsTheIterationWithTheError() {
        serve(Op.LIST_SCHEMAS, "SchemaListPage", 250, 100, true);
        wm.stubFor(Op.LIST_SCHEMAS.stub().withQueryParam("page", equalTo("1")).willReturn(Fixtures.example(403, "ErrorForbidden")));

        assertThatThrownBy(() -> project(Fixtures.client(wm)).schemas().list().toList())
                .isInstanceOf(ForbiddenException.class);
        assertThat(requestedPages()).containsExactly("0", "1");
    }
}
