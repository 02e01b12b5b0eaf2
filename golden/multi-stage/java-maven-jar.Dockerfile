# golden: --unsafe-fixes
# finding: 1:1: multi-stage single-stage build ships its toolchain; build in a stage and run from eclipse-temurin:21-jre (check: other files the application reads at run time are not copied; the JRE must match the build's release) [unsafe]
FROM maven:3.9-eclipse-temurin-21
WORKDIR /build
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests
EXPOSE 8080
CMD ["java", "-jar", "target/app.jar"]
# ---- output ----
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests

FROM eclipse-temurin:21-jre
WORKDIR /build
COPY --from=build /build/target/app.jar /build/target/app.jar
EXPOSE 8080
CMD ["java", "-jar", "target/app.jar"]
