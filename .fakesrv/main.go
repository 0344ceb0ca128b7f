package main

import (
	"fmt"
	"os"
	"os/signal"

	"imgfav/imgur/imgurtest"
)

func main() {
	srv := imgurtest.NewServer(imgurtest.Options{Favorites: imgurtest.Generate(300, 1)})
	tok := srv.Login()
	fmt.Printf("URL=%s\nACCESS=%s\nREFRESH=%s\nUSER=%s\n", srv.URL, tok.Access, tok.Refresh, srv.Username())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	<-ch
}
