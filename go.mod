module github.com/hotloop/hotloop

go 1.24.0

require (
	github.com/klauspost/cpuid/v2 v2.4.2
	golang.org/x/image v0.36.0
)

require golang.org/x/sys v0.41.0 // indirect
