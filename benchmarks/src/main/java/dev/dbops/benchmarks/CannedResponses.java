package dev.dbops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbops.sdk.testkit.OpenApiDocument;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The loopback server's answers, whole HTTP responses as bytes, every body taken from the OpenAPI
 * document's named examples: {@code SeedCreateSchemaResponse} for the create (201) and the read
 * (200) of a schema, and {@code InstanceListPage}'s item replicated to full pages of instances
 * with distinct identifiers, {@value #TOTAL_INSTANCES} in all, with the paging headers.
 */
public final class CannedResponses {

    public static final int TOTAL_INSTANCES = 10_000;
    public static final int PAGE_SIZE = 100;
    public static final int PAGES = TOTAL_INSTANCES / PAGE_SIZE;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode schemaBody;
    private final JsonNode instanceItem;
    private final byte[] createSchema;
    private final byte[] getSchema;
    private final byte[][] instancePages;
    private final byte[] emptyPage;
    private final byte[] notFound;

    private CannedResponses(OpenApiDocument spec) {
        this.schemaBody = spec.example("SeedCreateSchemaResponse");
        this.instanceItem = spec.example("InstanceListPage").get(0);
        this.createSchema = response("201 Created", json(schemaBody), "");
        this.getSchema = response("200 OK", json(schemaBody), "");
        this.instancePages = new byte[PAGES][];
        for (int page = 0; page < PAGES; page++) {
            ArrayNode items = JSON.createArrayNode();
            for (int i = 0; i < PAGE_SIZE; i++) {
                ObjectNode item = instanceItem.deepCopy();
                item.put("identifier", instanceIdentifier(page * PAGE_SIZE + i));
                items.add(item);
            }
            instancePages[page] = response("200 OK", json(items), pagingHeaders(page));
        }
        this.emptyPage = response("200 OK", "[]".getBytes(StandardCharsets.UTF_8), pagingHeaders(PAGES));
        this.notFound = response("404 Not Found", json(spec.example("ErrorNotFound")), "");
    }

    /** The responses built from the document packaged in the sdk jar. */
    public static CannedResponses fromSpec() {
        return new CannedResponses(OpenApiDocument.load());
    }

    /** The identifier of the n-th instance (from 0) of the list. */
    public static String instanceIdentifier(int n) {
        return String.format("my_db_instance_%05d", n);
    }

    /** The schema every create and get answers. */
    public JsonNode schemaBody() {
        return schemaBody.deepCopy();
    }

    /** The instance every list item is a copy of (with its own identifier). */
    public JsonNode instanceItem() {
        return instanceItem.deepCopy();
    }

    byte[] createSchema() {
        return createSchema;
    }

    byte[] getSchema() {
        return getSchema;
    }

    byte[] instancePage(int page) {
        return page >= 0 && page < PAGES ? instancePages[page] : emptyPage;
    }

    byte[] notFound() {
        return notFound;
    }

    /** The body length of one full page of instances, for sizing. */
    public int pageBodyBytes() {
        return instancePages[0].length;
    }

    private static String pagingHeaders(int page) {
        return "X-Total-Elements: " + TOTAL_INSTANCES + "\r\n"
                + "X-Page-Number: " + page + "\r\n"
                + "X-Page-Size: " + PAGE_SIZE + "\r\n";
    }

    private static byte[] json(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] response(String status, byte[] body, String extraHeaders) {
        String head = "HTTP/1.1 " + status + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + extraHeaders
                + "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
