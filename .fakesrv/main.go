package main

import (
	"bufio"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"

	"imgfav/imgur/imgurtest"
)

// A fake Imgur for trying imgfav by hand: prints its URL and tokens; on
// stdin, "add N" favorites N new items, "quit" stops.
func main() {
	favs := imgurtest.Generate(300, 1)
	srv := imgurtest.NewServer(imgurtest.Options{Favorites: favs, Folders: imgurtest.GenerateFolders(favs, 1)})
	srv.AddAccount("friend", 99, imgurtest.Generate(40, 5))
	tok := srv.Login()
	ftok, _ := srv.LoginAs("friend")
	fmt.Printf("URL=%s\nACCESS=%s\nREFRESH=%s\nUSER=%s\nFRIEND_ACCESS=%s\nFRIEND_REFRESH=%s\n", srv.URL, tok.Access, tok.Refresh, srv.Username(), ftok.Access, ftok.Refresh)
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) == 2 && f[0] == "add" {
				n, _ := strconv.Atoi(f[1])
				for i, nf := range imgurtest.Generate(n, 1234) {
					nf.ID = fmt.Sprintf("zz%03dnew", i)
					nf.Title = imgurtest.Str(fmt.Sprintf("brand new favorite %d", i))
					srv.AddFavorite(nf)
				}
				fmt.Println("added", n)
			}
		}
	}()
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	<-ch
}
