package io.relance.support;

import okhttp3.mockwebserver.MockWebServer;

import java.io.IOException;

/** A started OkHttp MockWebServer, for a test's static field (an SMS gateway or webhook receiver of the test). */
public final class StartedMockWebServer {

    private StartedMockWebServer() {
    }

    public static MockWebServer start() {
        MockWebServer server = new MockWebServer();
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return server;
    }
}
