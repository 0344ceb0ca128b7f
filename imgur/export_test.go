package imgur

// The cache keys are the client's alone; its black-box tests look into a
// cache filled through it.
var (
	FavoritesCacheKey = favoritesCacheKey
	FolderCacheKey    = folderCacheKey
)
