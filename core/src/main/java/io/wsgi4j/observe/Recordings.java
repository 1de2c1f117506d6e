// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.observe;

import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Whether any Flight Recorder recording is running, kept in a volatile flag by a recorder listener, so
 * that the per-request check costs one field read instead of an event allocation. Registering the
 * listener does not start Flight Recorder.
 */
final class Recordings {
    private static volatile boolean running;

    static {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                update(recorder);
            }

            @Override
            public void recordingStateChanged(Recording recording) {
                update(FlightRecorder.getFlightRecorder());
            }
        });
    }

    private Recordings() {
    }

    static boolean running() {
        return running;
    }

    private static synchronized void update(FlightRecorder recorder) {
        boolean any = false;
        for (Recording r : recorder.getRecordings()) {
            if (r.getState() == RecordingState.RUNNING) {
                any = true;
                break;
            }
        }
        running = any;
    }
}
