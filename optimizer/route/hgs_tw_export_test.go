package route

// HGSShaped exposes hgsShaped to the external tests.
func HGSShaped(p *Problem) bool { return p.hgsShaped() }
