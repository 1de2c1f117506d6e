#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# CGI launcher for a wsgi4j application: a web server executes this file once per request (Apache
# mod_cgi, lighttpd mod_cgi, or nginx through fcgiwrap); it starts a JVM that serves that one request
# with `io.wsgi4j.cli.Main --cgi` (the request arrives in the environment and on stdin, the
# response leaves on stdout).
#
# Configure with environment variables (for nginx + fcgiwrap: fastcgi_param lines):
#   WSGI4J_APP        the application, CLASS::member     (default: the samples' hello world)
#   WSGI4J_CLASSPATH  where the classes are              (default: wsgi4j-samples.jar next to this script)
#   JAVA              the java binary                     (default: java on PATH)
#   WSGI4J_JAVA_OPTS  JVM options; the defaults favour start-up time, since each JVM serves one request
app="${WSGI4J_APP:-io.wsgi4j.samples.hello.Hello::application}"
classpath="${WSGI4J_CLASSPATH:-$(dirname "$0")/wsgi4j-samples.jar}"
exec "${JAVA:-java}" ${WSGI4J_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k} \
    -cp "$classpath" io.wsgi4j.cli.Main --cgi "$app"
