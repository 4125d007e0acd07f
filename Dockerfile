# Switchyard in a container: built with the .NET SDK, run on the ASP.NET runtime as a non-root user.
# The publish is framework-dependent and portable (no runtime identifier), so the native libraries
# the NuGet packages ship stay in runtimes/<rid>/native/ where their loaders look: ONNX Runtime
# (libonnxruntime.so), llama.cpp (LLamaSharp's libllama.so per CPU level: noavx, avx, avx2, avx512),
# DuckDB and SQLite.
# The base images are build arguments: Microsoft's .NET 10 SDK image and its ASP.NET Core 10 runtime
# image (Debian), from the registry you pull them from (docs/operations.md).
#   docker build --build-arg SDK_IMAGE=<registry>/dotnet/sdk:10.0 --build-arg RUNTIME_IMAGE=<registry>/dotnet/aspnet:10.0 -t switchyard .
#   docker run -p 8080:8080 -v switchyard-data:/data switchyard
ARG SDK_IMAGE
ARG RUNTIME_IMAGE
FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Switchyard.Server -c Release -o /app \
 && test -f /app/runtimes/linux-x64/native/libonnxruntime.so \
 && ls /app/runtimes/linux-x64/native/*/libllama.so

FROM ${RUNTIME_IMAGE}
# llama.cpp's CPU build uses OpenMP (libgomp), which the runtime image lacks.
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 switchyard && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin switchyard \
 && mkdir -p /data && chown 10001:10001 /data
COPY --from=build /app /app
USER 10001
WORKDIR /app
EXPOSE 8080
VOLUME /data
ENTRYPOINT ["dotnet", "/app/switchyard.dll", "--urls", "http://0.0.0.0:8080", "--data-dir", "/data"]
