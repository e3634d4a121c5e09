package vrptw

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ReadFile opens the instance file at path and reads it with the reader for
// kind: ReadSolomon for KindVRPTW, ReadLiLim for KindPDPTW, ReadCordeau for
// KindMDVRP. Errors name the file by its base name. An unknown kind gives an
// error wrapping ErrUnknownKind.
func ReadFile(kind Kind, path string) (*Instance, error) {
	var read func(io.Reader, string) (*Instance, error)
	switch kind {
	case KindVRPTW:
		read = ReadSolomon
	case KindPDPTW:
		read = ReadLiLim
	case KindMDVRP:
		read = ReadCordeau
	default:
		return nil, fmt.Errorf("%w %q", ErrUnknownKind, kind)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("vrptw: %w", err)
	}
	defer f.Close()
	return read(f, filepath.Base(path))
}
