package ledger

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Kind is the role of a site in the chain of custody.
type Kind string

// The kinds of site.
const (
	Vehicle         Kind = "vehicle"          // a pickup truck
	CollectionPoint Kind = "collection_point" // 回收站点
	TransferStation Kind = "transfer_station" // 中转站
	SortingCentre   Kind = "sorting_centre"   // 集散转运中心
	Warehouse       Kind = "warehouse"        // depot or county front warehouse (县城前置仓)
	Dismantler      Kind = "dismantler"       // dismantling plant
)

// Kinds lists the kinds of site.
var Kinds = []Kind{Vehicle, CollectionPoint, TransferStation, SortingCentre, Warehouse, Dismantler}

// Site is one entry of the site registry.
type Site struct {
	ID     string `json:"id"`
	Kind   Kind   `json:"kind"`
	County string `json:"county"` // adcode of the county it stands in (or is based in)
	Name   string `json:"name,omitempty"`
	// Licensed marks a dismantler that holds the licence for waste
	// electrical and electronic products.
	Licensed bool `json:"licensed,omitempty"`
}

// Sites is the site registry: every event's site and peer must be in it.
// Build it with NewSites or ReadSitesCSV; it is read-only afterwards and
// safe for concurrent use.
type Sites struct {
	list []Site
	byID map[string]int
}

var (
	siteIDRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$`)
	adcodeRe = regexp.MustCompile(`^[1-9][0-9]{5}$`)
)

// NewSites checks the sites and returns the registry. Ids are 1–64
// characters of letters, digits and ". _ : -" (no '/', which separates an
// event id's site from its sequence number); counties are six-digit
// adcodes.
func NewSites(list []Site) (*Sites, error) {
	s := &Sites{list: slices.Clone(list), byID: make(map[string]int, len(list))}
	for i, x := range list {
		f := fmt.Sprintf("sites[%d]", i)
		switch {
		case !siteIDRe.MatchString(x.ID):
			return nil, inputErr(f+".id", "%q: want 1–64 letters, digits or . _ : -", x.ID)
		case !slices.Contains(Kinds, x.Kind):
			return nil, inputErr(f+".kind", "%q is not one of %s", x.Kind, kindList())
		case !adcodeRe.MatchString(x.County):
			return nil, inputErr(f+".county", "%q is not a six-digit adcode", x.County)
		case !validText(x.Name):
			return nil, inputErr(f+".name", "not valid text")
		case x.Licensed && x.Kind != Dismantler:
			return nil, inputErr(f+".licensed", "only a dismantler is licensed")
		}
		if _, dup := s.byID[x.ID]; dup {
			return nil, inputErr(f+".id", "duplicate site %q", x.ID)
		}
		s.byID[x.ID] = i
	}
	return s, nil
}

func kindList() string {
	k := make([]string, len(Kinds))
	for i, x := range Kinds {
		k[i] = string(x)
	}
	return strings.Join(k, ", ")
}

// Site returns the site with the given id.
func (s *Sites) Site(id string) (Site, bool) {
	i, ok := s.byID[id]
	if !ok {
		return Site{}, false
	}
	return s.list[i], true
}

// List returns the sites in registry order.
func (s *Sites) List() []Site { return slices.Clone(s.list) }

// SitesHeader is the header of a sites CSV file.
var SitesHeader = []string{"id", "kind", "county", "name", "licensed"}

// ReadSitesCSV reads a site registry: a header row naming at least id,
// kind and county (name and licensed optional, in any order), one site per
// row; licensed is true/false (or 1/0, empty = false). Errors name the
// file, line and column.
func ReadSitesCSV(r io.Reader, file string) (*Sites, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, inputErr(file, "empty file, want a header row id,kind,county[,name,licensed]")
		}
		return nil, inputErr(file, "%v", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range []string{"id", "kind", "county"} {
		if _, ok := col[need]; !ok {
			return nil, inputErr(file+":1", "no column %q (header %s)", need, strings.Join(head, ","))
		}
	}
	var list []Site
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, inputErr(fmt.Sprintf("%s:%d", file, line), "%v", err)
		}
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		st := Site{ID: get("id"), Kind: Kind(get("kind")), County: get("county"), Name: get("name")}
		if v := get("licensed"); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, inputErr(fmt.Sprintf("%s:%d: licensed", file, line), "%q is not true or false", v)
			}
			st.Licensed = b
		}
		list = append(list, st)
	}
	s, err := NewSites(list)
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			// sites[i].field → file:line: field
			var i int
			var f string
			if n, _ := fmt.Sscanf(ie.Field, "sites[%d]", &i); n == 1 {
				f = ie.Field[strings.IndexByte(ie.Field, '.')+1:]
				return nil, inputErr(fmt.Sprintf("%s:%d: %s", file, i+2, f), "%s", ie.Msg)
			}
		}
		return nil, err
	}
	return s, nil
}

// WriteSitesCSV writes the registry in the format ReadSitesCSV reads.
func WriteSitesCSV(w io.Writer, s *Sites) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(SitesHeader); err != nil {
		return err
	}
	for _, x := range s.list {
		if err := cw.Write([]string{x.ID, string(x.Kind), x.County, x.Name, strconv.FormatBool(x.Licensed)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
