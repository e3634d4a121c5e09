module github.com/huishou/huishou

go 1.26.0

require (
	github.com/paulmach/orb v0.14.0
	golang.org/x/sync v0.25.0
	golang.org/x/term v0.48.0
	gonum.org/v1/gonum v0.17.0
)

require (
	github.com/goccy/go-yaml v1.19.2 // indirect
	go.mongodb.org/mongo-driver/v2 v2.5.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
)
