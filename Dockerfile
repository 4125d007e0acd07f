# Switchyard in a container: built with the .NET SDK, run on the ASP.NET runtime as a non-root user.
# The publish is framework-dependent and portable (no runtime identifier), so the native libraries
# the NuGet packages ship stay in runtimes/<rid>/native/ where their loaders look: ONNX Runtime
# (libonnxruntime.so), llama.cpp (LLamaSharp's libllama.so per CPU level: noavx, avx, avx2, avx512),
# DuckDB and SQLite.
#   docker build -t switchyard .
#   docker run -p 8080:8080 -v switchyard-data:/data switchyard
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Switchyard.Server -c Release -o /app \
 && test -f /app/runtimes/linux-x64/native/libonnxruntime.so \
 && ls /app/runtimes/linux-x64/native/*/libllama.so

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN groupadd --gid 10001 switchyard && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin switchyard \
 && mkdir -p /data && chown 10001:10001 /data
COPY --from=build /app /app
USER 10001
WORKDIR /app
EXPOSE 8080
VOLUME /data
ENTRYPOINT ["dotnet", "/app/switchyard.dll", "--urls", "http://0.0.0.0:8080", "--data-dir", "/data"]
