module github.com/hotloop/hotloop/gen

go 1.26.0

require (
	github.com/hotloop/hotloop v0.0.0-00010101000000-000000000000
	github.com/mmcloughlin/avo v0.6.0
)

require (
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)

replace github.com/hotloop/hotloop => ../
